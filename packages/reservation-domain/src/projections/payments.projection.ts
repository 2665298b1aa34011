import type { Cents, Instant } from '../shared';
import type { FamilyState, PaymentProvider } from '../family';

export interface PaymentView {
  readonly paymentId: string;
  readonly orderId: string;
  readonly amountCents: Cents;
  readonly paidAt: Instant;
  /** Null until the ticket is numbered (R8). */
  readonly ticketNumber: string | null;
  readonly ticketIssuedAt: Instant | null;
  readonly provider: PaymentProvider;
  readonly outcome: 'order_confirmed' | 'credited';
}

/** Confirmed payments (money received), oldest first. */
export function paymentsView(state: FamilyState): PaymentView[] {
  const out: PaymentView[] = [];
  state.payments.forEach((payment) => {
    const view = paymentView(state, payment.paymentId);
    if (view) out.push(view);
  });
  return out.sort((a, b) =>
    a.paidAt < b.paidAt ? -1 : a.paidAt > b.paidAt ? 1 : a.paymentId < b.paymentId ? -1 : a.paymentId > b.paymentId ? 1 : 0,
  );
}

export function paymentView(state: FamilyState, paymentId: string): PaymentView | undefined {
  const payment = state.payments.get(paymentId);
  if (payment?.status !== 'confirmed' || payment.paidAt === undefined || payment.outcome === undefined) return undefined;
  return {
    paymentId,
    orderId: payment.orderId,
    amountCents: payment.amountCents,
    paidAt: payment.paidAt,
    ticketNumber: payment.ticketNumber ?? null,
    ticketIssuedAt: payment.ticketIssuedAt ?? null,
    provider: payment.provider,
    outcome: payment.outcome,
  };
}
