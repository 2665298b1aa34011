import { Body, Controller, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { RefundRequestLine } from '@periscol/application';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import type { BodyOf, ParamsOf, QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { ListRefundRequestsQuery } from './list-refund-requests.query';
import { DecideRefundRequestCommand, RequestRefundCommand } from './refund-request.commands';
import { listRefundRequestsRoute, rejectRefundRequestRoute, requestRefundRoute, validateRefundRequestRoute } from './refund-requests.routes';

/** Refund requests (R19): asked by the régisseur, validated or rejected by an administrator. */
@Controller()
export class RefundRequestsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(requestRefundRoute)
  request(
    @Param() params: ParamsOf<typeof requestRefundRoute>,
    @Body() body: BodyOf<typeof requestRefundRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idempotency: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<RefundRequestLine> {
    return this.commands.execute(new RequestRefundCommand({ familyId: params.familyId, actor, idempotency, requestId }, body.amountCents, body.reason, body.creditIds));
  }

  @Route(validateRefundRequestRoute)
  validate(
    @Param() params: ParamsOf<typeof validateRefundRequestRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idempotency: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<RefundRequestLine> {
    return this.commands.execute(new DecideRefundRequestCommand({ familyId: params.familyId, actor, idempotency, requestId }, params.requestId));
  }

  @Route(rejectRefundRequestRoute)
  reject(
    @Param() params: ParamsOf<typeof rejectRefundRequestRoute>,
    @Body() body: BodyOf<typeof rejectRefundRequestRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idempotency: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<RefundRequestLine> {
    return this.commands.execute(new DecideRefundRequestCommand({ familyId: params.familyId, actor, idempotency, requestId }, params.requestId, { reason: body.reason }));
  }

  @Route(listRefundRequestsRoute)
  list(@Query() query: QueryOf<typeof listRefundRequestsRoute>): Promise<{ requests: RefundRequestLine[] }> {
    return this.queries.execute(new ListRefundRequestsQuery(query.status));
  }
}
