/** R19: what validating and rejecting a refund request share — a pending request, decided by someone else. */
import { right, type Either } from 'fp-ts/Either';
import type { RefundRequestState, RegisteredFamilyState } from '../family.state';
import { refuse, type Refusal } from '../refusal';

export function pendingRequestOf(family: RegisteredFamilyState, requestId: string, decidedBy: string): Either<Refusal, RefundRequestState> {
  const request = family.refundRequests.get(requestId);
  if (!request) return refuse('UNKNOWN_REFUND_REQUEST', `This family has no refund request ${requestId}`);
  if (request.status !== 'pending') {
    return refuse('REFUND_REQUEST_NOT_PENDING', `Refund request ${requestId} was already ${request.status}`, { status: request.status });
  }
  // Two people: whoever asked for the money cannot also decide it is paid.
  if (request.requestedBy === decidedBy) return refuse('REFUND_SELF_VALIDATION', 'The person who requested this refund cannot decide on it');
  return right(request);
}
