/**
 * How refund requests change the family's records (R19). A request moves no money: the credit
 * drops by the `CreditRefunded` its validation appends (./credits.evolve).
 */
import type { FamilyEventData } from '../family.events';
import type { FamilyState, RefundRequestState } from '../family.state';
import { draftOf } from '../internal/state-draft';

export function refundRequested(state: FamilyState, data: FamilyEventData<'RefundRequested'>): FamilyState {
  const { requestId, amountCents, reason, creditIds, requestedBy, requestedAt } = data;
  if (state.refundRequests.has(requestId)) return state;
  const next = draftOf(state);
  next.refundRequests = state.refundRequests.set(requestId, { requestId, amountCents, reason, creditIds, requestedBy, requestedAt, status: 'pending' });
  return next;
}

export function refundRequestValidated(state: FamilyState, data: FamilyEventData<'RefundRequestValidated'>): FamilyState {
  return decided(state, data.requestId, { status: 'validated', decidedBy: data.validatedBy, decidedAt: data.validatedAt });
}

export function refundRequestRejected(state: FamilyState, data: FamilyEventData<'RefundRequestRejected'>): FamilyState {
  return decided(state, data.requestId, { status: 'rejected', decidedBy: data.rejectedBy, decidedAt: data.rejectedAt, rejectionReason: data.reason });
}

function decided(state: FamilyState, requestId: string, decision: Partial<RefundRequestState>): FamilyState {
  const request = state.refundRequests.get(requestId);
  if (!request || request.status !== 'pending') return state;
  const next = draftOf(state);
  next.refundRequests = state.refundRequests.set(requestId, { ...request, ...decision });
  return next;
}
