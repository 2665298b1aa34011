import { Body, Controller, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import { CancelReservationsCommand } from '../cancellations/cancel-reservations.handler';
import type { CancellationDto } from '../cancellations/cancellation.dto';
import { RequestId } from '../http/request-id.decorator';
import type { IdempotencyContext } from '../idempotency/idempotency-context';
import { IdempotencyCtx } from '../idempotency/idempotency.decorators';
import type { OrderDto } from '../orders/order.dto';
import { BodyOf, QueryOf } from '../routing/route-definition';
import { Route } from '../routing/route.decorator';
import {
  cancelReservationsRoute,
  getCreditsRoute,
  getFamilyHistoryRoute,
  getFamilyRoute,
  getPlanningRoute,
  listPaymentsRoute,
  quoteRoute,
  requestReservationRoute,
} from './families.schemas';
import { FamilyHistoryDto, GetFamilyHistoryQuery } from './family-history.query';
import type { FamilyDto } from './family.dto';
import { CreditAccountDto, GetCreditsQuery, GetFamilyQuery, GetPlanningQuery, ListPaymentsQuery, PaymentListDto, QuoteDto, QuoteQuery } from './family.queries';
import type { PlanningDto } from './planning.dto';
import { RequestReservationCommand } from './request-reservation.handler';

/** A family's routes; the auth guard already answers 404 to a parent on another family's id. */
@Controller()
export class FamiliesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(getFamilyRoute)
  get(@Param('familyId') familyId: string): Promise<FamilyDto> {
    return this.queries.execute(new GetFamilyQuery(familyId));
  }

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

  @Route(getCreditsRoute)
  credits(@Param('familyId') familyId: string): Promise<CreditAccountDto> {
    return this.queries.execute(new GetCreditsQuery(familyId));
  }

  @Route(getFamilyHistoryRoute)
  history(@Param('familyId') familyId: string, @Query() query: QueryOf<typeof getFamilyHistoryRoute>): Promise<FamilyHistoryDto> {
    return this.queries.execute(new GetFamilyHistoryQuery(familyId, query.after, query.limit));
  }

  @Route(listPaymentsRoute)
  payments(@Param('familyId') familyId: string): Promise<PaymentListDto> {
    return this.queries.execute(new ListPaymentsQuery(familyId));
  }
}
