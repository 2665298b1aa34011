/**
 * RequestRefund — R19, R15, R10 (docs/rules.md): the régisseur asks for part or all of the
 * family's credit to be paid back, with a reason and the credits it is for. It moves no money:
 * another person decides (./validate-refund-request.ts, ./reject-refund-request.ts). Refused
 * above the balance now (it is checked again at validation); the named credits must be the
 * family's. The same request again changes nothing; its id with other content is ID_CONFLICT.
 */
import { right } from 'fp-ts/Either';
import type { RequestRefund } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { refuse } from '../refusal';
import { amountAboveMax, invalidAmount, isPositiveCents } from './amount-bounds';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { withLapsedHoldsExpired } from './lapsed-holds';

export function requestRefund(command: RequestRefund, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { requestId, amountCents, reason, creditIds, requestedBy } = command.data;
  if (!isPositiveCents(amountCents)) return invalidAmount(amountCents);
  const existing = family.refundRequests.get(requestId);
  if (existing) {
    const same =
      existing.amountCents === amountCents &&
      existing.reason === reason &&
      existing.requestedBy === requestedBy &&
      existing.creditIds.length === creditIds.length &&
      existing.creditIds.every((id, i) => id === creditIds[i]);
    return same ? NOTHING : refuse('ID_CONFLICT', `Refund request ${requestId} already exists with other content`);
  }
  // The validated request's refund takes this id: it must not be a refund's already.
  if (family.refunds.has(requestId)) return refuse('ID_CONFLICT', `Refund ${requestId} already exists`);
  if (amountCents > context.maxAmountCents) return amountAboveMax(context, amountCents, 'A refund');
  const unknown = creditIds.find((creditId) => !family.credits.has(creditId));
  if (unknown !== undefined) return refuse('UNKNOWN_CREDIT', `This family has no credit ${unknown}`, { creditId: unknown });
  const { expiries, working } = withLapsedHoldsExpired(family, epochMsOfInstant(command.metadata.now));
  if (amountCents > working.balanceCents) {
    return refuse('INSUFFICIENT_CREDIT', `The credit balance is ${working.balanceCents} cents, less than ${amountCents}`, {
      balanceCents: working.balanceCents,
    });
  }
  return right([
    ...expiries,
    {
      type: 'RefundRequested',
      data: { requestId, familyId: family.familyId, amountCents, reason, creditIds, requestedBy, requestedAt: command.metadata.now },
    },
  ]);
}
