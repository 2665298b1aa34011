import { Body, Controller } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import { BodyOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { ClosureResultDto, CloseServiceDayCommand } from './close-service-day.handler';
import { closeServiceDayRoute, listSchoolsRoute, previewClosureRoute } from './closures.routes';
import { ClosurePreviewDto, ListSchoolsQuery, PreviewClosureQuery } from './preview-closure.query';

/** Closing a service day (strike, outing…): every family holding it gets its credit (R14). */
@Controller()
export class ClosuresController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(previewClosureRoute)
  preview(@Body() body: BodyOf<typeof previewClosureRoute>): Promise<ClosurePreviewDto> {
    return this.queries.execute(new PreviewClosureQuery(body.activityId, body.date, body.reason, body.school));
  }

  @Route(listSchoolsRoute)
  schools(): Promise<{ schools: string[] }> {
    return this.queries.execute(new ListSchoolsQuery());
  }

  @Route(closeServiceDayRoute)
  close(@Body() body: BodyOf<typeof closeServiceDayRoute>, @CurrentActor() actor: Actor, @IdempotencyCtx() idem: IdempotencyContext, @RequestId() requestId?: string): Promise<ClosureResultDto> {
    return this.commands.execute(new CloseServiceDayCommand(body.activityId, body.date, body.reason, body.school, actor, idem, requestId));
  }
}
