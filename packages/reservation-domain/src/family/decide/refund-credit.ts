/**
 * RefundCredit — R15, R10 (docs/rules.md): the town pays back part or all of the credit balance
 * (a family leaving), with its reference. At most the balance — credit held by a pending order
 * is not refundable until its hold is over (R6) — so the balance never goes below zero. The
 * same refund again changes nothing; its id with other content is ID_CONFLICT.
 */
import { right } from 'fp-ts/Either';
import type { RefundCredit } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { refuse } from '../refusal';
import { amountAboveMax, invalidAmount, isPositiveCents } from './amount-bounds';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { withLapsedHoldsExpired } from './lapsed-holds';

export function refundCredit(command: RefundCredit, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { refundId, amountCents, reference } = command.data;
  if (!isPositiveCents(amountCents)) return invalidAmount(amountCents);
  const existing = family.refunds.get(refundId);
  if (existing) {
    if (existing.amountCents === amountCents && existing.reference === reference) return NOTHING;
    return refuse('ID_CONFLICT', `Refund ${refundId} already exists with other content`);
  }
  if (amountCents > context.maxAmountCents) return amountAboveMax(context, amountCents, 'A refund');
  const { expiries, working } = withLapsedHoldsExpired(family, epochMsOfInstant(command.metadata.now));
  if (amountCents > working.balanceCents) {
    return refuse('INSUFFICIENT_CREDIT', `The credit balance is ${working.balanceCents} cents, less than ${amountCents}`, {
      balanceCents: working.balanceCents,
    });
  }
  return right([
    ...expiries,
    { type: 'CreditRefunded', data: { refundId, familyId: family.familyId, amountCents, reference, refundedAt: command.metadata.now } },
  ]);
}
