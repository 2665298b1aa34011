/**
 * RejectRefundRequest — R19 (docs/rules.md): an administrator who is not the one who asked
 * rejects a refund request, with a reason; the credit is untouched. The same rejection again
 * changes nothing; a request already decided otherwise is REFUND_REQUEST_NOT_PENDING.
 */
import { right } from 'fp-ts/Either';
import type { RejectRefundRequest } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { NOTHING, type Decision } from './decision-context';
import { pendingRequestOf } from './refund-request-rules';

export function rejectRefundRequest(command: RejectRefundRequest, family: RegisteredFamilyState): Decision {
  const { requestId, rejectedBy, reason } = command.data;
  const request = family.refundRequests.get(requestId);
  if (request?.status === 'rejected' && request.decidedBy === rejectedBy && request.rejectionReason === reason) return NOTHING;
  const pending = pendingRequestOf(family, requestId, rejectedBy);
  if (pending._tag === 'Left') return pending;
  return right([{ type: 'RefundRequestRejected', data: { requestId, familyId: family.familyId, reason, rejectedBy, rejectedAt: command.metadata.now } }]);
}
