/**
 * ValidateRefundRequest — R19, R15, R10 (docs/rules.md): an administrator who is not the one who
 * asked validates a refund request, and the same decision refunds the credit (`CreditRefunded`,
 * refundId = requestId, taken oldest credit first): what the comptable's mandat pays out. The
 * balance is checked again now: a balance that dropped below the amount since the request
 * (a reservation used it) is INSUFFICIENT_CREDIT, and the request stays pending. The same
 * validation again changes nothing; a request already decided otherwise is
 * REFUND_REQUEST_NOT_PENDING — so two validations racing refund once (the stream's expected
 * revision makes the second one decide again on the first one's events).
 */
import { right } from 'fp-ts/Either';
import type { ValidateRefundRequest } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { refuse } from '../refusal';
import { NOTHING, type Decision } from './decision-context';
import { withLapsedHoldsExpired } from './lapsed-holds';
import { pendingRequestOf } from './refund-request-rules';

export function validateRefundRequest(command: ValidateRefundRequest, family: RegisteredFamilyState): Decision {
  const { requestId, validatedBy } = command.data;
  const request = family.refundRequests.get(requestId);
  if (request?.status === 'validated' && request.decidedBy === validatedBy) return NOTHING;
  const pending = pendingRequestOf(family, requestId, validatedBy);
  if (pending._tag === 'Left') return pending;
  const { amountCents, reason } = pending.right;
  const now = command.metadata.now;
  const { expiries, working } = withLapsedHoldsExpired(family, epochMsOfInstant(now));
  if (amountCents > working.balanceCents) {
    return refuse('INSUFFICIENT_CREDIT', `The credit balance is now ${working.balanceCents} cents, less than the ${amountCents} requested`, {
      balanceCents: working.balanceCents,
    });
  }
  return right([
    ...expiries,
    { type: 'RefundRequestValidated', data: { requestId, familyId: family.familyId, amountCents, validatedBy, validatedAt: now } },
    { type: 'CreditRefunded', data: { refundId: requestId, familyId: family.familyId, amountCents, reference: reason, refundedAt: now } },
  ]);
}
