/** How payments and their tickets change the family's state. */
import type { FamilyEventData } from '../family.events';
import type { FamilyState } from '../family.state';
import { appended, draftOf, withOrder } from '../internal/state-draft';

export function paymentStarted(state: FamilyState, data: FamilyEventData<'PaymentStarted'>): FamilyState {
  const { paymentId, orderId, provider, amountCents, startedAt } = data;
  if (state.payments.has(paymentId)) return state;
  const next = draftOf(state);
  next.payments = state.payments.set(paymentId, {
    paymentId,
    orderId,
    provider,
    amountCents,
    status: 'started',
    startedAt,
    paidAt: undefined,
    outcome: undefined,
    ticketNumber: undefined,
    ticketIssuedAt: undefined,
    providerReference: undefined,
  });
  next.orders = state.orders.update(orderId, (order) => withOrder(order, { paymentIds: appended(order.paymentIds, paymentId) }));
  return next;
}

export function paymentConfirmed(state: FamilyState, data: FamilyEventData<'PaymentConfirmed'>): FamilyState {
  const { paymentId, orderId, provider, amountCents, paidAt, outcome, providerReference } = data;
  const started = state.payments.get(paymentId);
  if (started?.status === 'confirmed') return state;
  const next = draftOf(state);
  next.payments = state.payments.set(paymentId, {
    paymentId,
    orderId,
    provider,
    amountCents,
    status: 'confirmed',
    startedAt: started?.startedAt,
    paidAt,
    outcome,
    ticketNumber: undefined,
    ticketIssuedAt: undefined,
    providerReference,
  });
  return next;
}

export function paymentTicketIssued(state: FamilyState, data: FamilyEventData<'PaymentTicketIssued'>): FamilyState {
  const { paymentId, ticketNumber, issuedAt } = data;
  const next = draftOf(state);
  next.payments = state.payments.update(paymentId, (payment) => ({ ...payment, ticketNumber, ticketIssuedAt: issuedAt }));
  return next;
}
