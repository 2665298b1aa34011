import { Body, Controller } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import { BodyOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { ClosureResultDto, CloseServiceDayCommand } from './close-service-day.handler';
import { closeServiceDayRoute } from './closures.routes';

/** Closing a service day (strike, outing…): every family holding it gets its credit (R14). */
@Controller()
export class ClosuresController {
  constructor(private readonly commands: CommandBus) {}

  @Route(closeServiceDayRoute)
  close(@Body() body: BodyOf<typeof closeServiceDayRoute>, @CurrentActor() actor: Actor, @IdempotencyCtx() idem: IdempotencyContext, @RequestId() requestId?: string): Promise<ClosureResultDto> {
    return this.commands.execute(new CloseServiceDayCommand(body.activityId, body.date, body.reason, actor, idem, requestId));
  }
}
