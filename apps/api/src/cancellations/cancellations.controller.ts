import { Controller, Param } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { Route } from '../routing/route.decorator';
import type { CancellationDto } from './cancellation.dto';
import { getCancellationRoute } from './cancellations.schemas';
import { GetCancellationQuery } from './get-cancellation.query';

@Controller()
export class CancellationsController {
  constructor(private readonly queries: QueryBus) {}

  @Route(getCancellationRoute)
  get(@Param('cancellationId') cancellationId: string, @CurrentActor() actor: Actor): Promise<CancellationDto> {
    return this.queries.execute(new GetCancellationQuery(cancellationId, actor));
  }
}
