import { Body, Controller, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import { BodyOf, QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { CancelReservationsCommand } from './cancel-reservations.handler';
import type { CancellationDto } from './cancellation.dto';
import { GetCancellationQuery } from './get-cancellation.query';
import type { OrderDto } from '../orders/order.dto';
import type { PlanningDto } from './planning.dto';
import { GetPlanningQuery } from './planning.query';
import { QuoteDto, QuoteQuery } from './quote.query';
import { RequestReservationCommand } from './request-reservation.handler';
import { cancelReservationsRoute, getCancellationRoute, getPlanningRoute, quoteRoute, requestReservationRoute } from './reservations.routes';

/** The weekly planning, its quote, reserving and cancelling days; the auth guard answers 404 to a parent on another family. */
@Controller()
export class ReservationsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(getPlanningRoute)
  planning(@Param('familyId') familyId: string, @Query() query: QueryOf<typeof getPlanningRoute>): Promise<PlanningDto> {
    return this.queries.execute(new GetPlanningQuery(familyId, query.week));
  }

  @Route(quoteRoute)
  quote(@Param('familyId') familyId: string, @Body() body: BodyOf<typeof quoteRoute>): Promise<QuoteDto> {
    return this.queries.execute(new QuoteQuery(familyId, body.reserve, body.cancel));
  }

  @Route(requestReservationRoute)
  reserve(
    @Param('familyId') familyId: string,
    @Body() body: BodyOf<typeof requestReservationRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<OrderDto> {
    return this.commands.execute(new RequestReservationCommand(familyId, body.slots, actor, idem, requestId));
  }

  @Route(cancelReservationsRoute)
  cancel(
    @Param('familyId') familyId: string,
    @Body() body: BodyOf<typeof cancelReservationsRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<CancellationDto> {
    return this.commands.execute(new CancelReservationsCommand(familyId, body.slots, actor, idem, requestId));
  }

  @Route(getCancellationRoute)
  cancellation(@Param('cancellationId') cancellationId: string, @CurrentActor() actor: Actor): Promise<CancellationDto> {
    return this.queries.execute(new GetCancellationQuery(cancellationId, actor));
  }
}
