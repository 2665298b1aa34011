import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { RefundState } from '@periscol/reservation-domain';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { requestCommandContext } from '@periscol/application';
import { FamilyCommandRunner } from '@periscol/application';
import type { refundSchema } from './credits.routes';

export type RefundDto = z.infer<typeof refundSchema>;

export class RefundCreditCommand extends Command<RefundDto> {
  constructor(
    readonly familyId: string,
    readonly amountCents: number,
    readonly reference: string,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** R15: money paid back from the credit balance (never more than the balance, R10). */
@CommandHandler(RefundCreditCommand)
export class RefundCreditHandler implements ICommandHandler<RefundCreditCommand> {
  constructor(
    private readonly runner: FamilyCommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, amountCents, reference, actor, idempotency, requestId }: RefundCreditCommand): Promise<RefundDto> {
    const refundId = idempotency.derivedId('refund');
    const { state } = fromEither(
      await this.runner.run(
        familyId,
        { type: 'RefundCredit', data: { refundId, amountCents, reference }, metadata: { now: this.clock.now().toISOString() } },
        requestCommandContext(actor, idempotency, requestId),
      ),
    );
    const refund = state.refunds.get(refundId) as RefundState;
    return { refundId, familyId, amountCents: refund.amountCents, reference: refund.reference, refundedAt: refund.refundedAt, creditBalanceCents: state.balanceCents };
  }
}
