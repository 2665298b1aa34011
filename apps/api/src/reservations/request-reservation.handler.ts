import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { orderView, bookingPricingOf } from '@periscol/reservation-domain';
import type { FamilyState, Slot } from '@periscol/reservation-domain';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { OrderDto, toOrderDto } from '../orders/order.dto';
import { FamilyReads } from '@periscol/application';
import { requestCommandContext } from '@periscol/application';
import { FamilyCommandRunner } from '@periscol/application';

export class RequestReservationCommand extends Command<OrderDto> {
  constructor(
    readonly familyId: string,
    readonly slots: readonly Slot[],
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** R4: the order id comes from the Idempotency-Key, the QF from the person read model at request time (R3). */
@CommandHandler(RequestReservationCommand)
export class RequestReservationHandler implements ICommandHandler<RequestReservationCommand> {
  constructor(
    private readonly runner: FamilyCommandRunner,
    private readonly reads: FamilyReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, slots, actor, idempotency, requestId }: RequestReservationCommand): Promise<OrderDto> {
    const orderId = idempotency.derivedId('order');
    const pricing = bookingPricingOf(await this.reads.person(familyId, { waitForStore: false }));
    const now = this.clock.now().toISOString();
    const answerOf = (state: FamilyState) => toOrderDto(familyId, orderView(state, orderId, now) as NonNullable<ReturnType<typeof orderView>>);
    // The answer is recorded with the reservation's events: one durable write (R12).
    const { state, recorded } = fromEither(
      await this.runner.run(
        familyId,
        { type: 'RequestReservation', data: { orderId, slots, pricing }, metadata: { now } },
        requestCommandContext(actor, idempotency, requestId),
        idempotency.answerRecord(answerOf),
      ),
    );
    if (recorded) idempotency.answerRecorded();
    return answerOf(state);
  }
}
