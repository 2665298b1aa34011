import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { orderView } from '@periscol/reservation-domain';
import type { FamilyState, OrderView } from '@periscol/reservation-domain';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { FamilyReads } from '@periscol/application';
import { ownerOfOrder } from '../families/family-lookup';
import { requestCommandContext } from '@periscol/application';
import { FamilyCommandRunner } from '@periscol/application';
import { OrderDto, toOrderDto } from './order.dto';

export class ConfirmOrderCommand extends Command<OrderDto> {
  constructor(
    readonly orderId: string,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** « OK » (R5): only when the credit covers the whole order (action `ok`); otherwise 422. */
@CommandHandler(ConfirmOrderCommand)
export class ConfirmOrderHandler implements ICommandHandler<ConfirmOrderCommand> {
  constructor(
    private readonly runner: FamilyCommandRunner,
    private readonly reads: FamilyReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ orderId, actor, idempotency, requestId }: ConfirmOrderCommand): Promise<OrderDto> {
    const familyId = await ownerOfOrder(this.reads, actor, orderId);
    const now = this.clock.now().toISOString();
    const answerOf = (state: FamilyState) => toOrderDto(familyId, orderView(state, orderId, now) as OrderView);
    // The answer is recorded with the command's events: one durable write (R12).
    const { state, recorded } = fromEither(
      await this.runner.run(familyId, { type: 'ConfirmWithCredit', data: { orderId }, metadata: { now } }, requestCommandContext(actor, idempotency, requestId), idempotency.answerRecord(answerOf)),
    );
    if (recorded) idempotency.answerRecorded();
    return answerOf(state);
  }
}
