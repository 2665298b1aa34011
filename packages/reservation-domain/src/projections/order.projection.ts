import type { Cents, Instant } from '../shared';
import { familyIdOf, isHoldOver, type ExpiryReason, type FamilyState, type ReservationLine } from '../family';

export type OrderStatus = 'awaiting_payment' | 'awaiting_confirmation' | 'confirmed' | 'expired';
export type OrderAction = 'pay' | 'ok' | 'none';

/** docs/http.md `Order`, plus what documents and the portal need. */
export interface OrderView {
  readonly orderId: string;
  readonly familyId: string | null;
  readonly status: OrderStatus;
  readonly lines: readonly ReservationLine[];
  readonly totalCents: Cents;
  readonly creditAppliedCents: Cents;
  readonly amountDueCents: Cents;
  readonly requestedAt: Instant;
  readonly expiresAt: Instant;
  /** R5: 'ok' when pending with nothing to pay, 'pay' when pending with something to pay. */
  readonly action: OrderAction;
  readonly confirmedAt?: Instant;
  readonly confirmedVia?: 'credit' | 'payment';
  readonly paymentId?: string;
  readonly ticketNumber?: string;
  readonly expiredAt?: Instant;
  readonly expiryReason?: ExpiryReason;
}

/**
 * The order as docs/http.md shows it. With `now`, a pending order whose hold is over shows as
 * expired (at its `expiresAt`) before its `ReservationExpired` is recorded.
 */
export function orderView(state: FamilyState, orderId: string, now?: Instant): OrderView | undefined {
  const order = state.orders.get(orderId);
  if (!order) return undefined;
  const lapsed = now !== undefined && isHoldOver(order, Date.parse(now));
  const base = {
    orderId: order.orderId,
    familyId: familyIdOf(state),
    lines: order.lines,
    totalCents: order.totalCents,
    creditAppliedCents: order.creditAppliedCents,
    amountDueCents: order.amountDueCents,
    requestedAt: order.requestedAt,
    expiresAt: order.expiresAt,
  };
  if (order.status === 'pending' && !lapsed) {
    const nothingToPay = order.amountDueCents === 0;
    return {
      ...base,
      status: nothingToPay ? 'awaiting_confirmation' : 'awaiting_payment',
      action: nothingToPay ? 'ok' : 'pay',
    };
  }
  if (order.status === 'confirmed') {
    const ticketNumber = order.paymentId ? state.payments.get(order.paymentId)?.ticketNumber : undefined;
    return {
      ...base,
      status: 'confirmed',
      action: 'none',
      ...(order.confirmedAt === undefined ? {} : { confirmedAt: order.confirmedAt }),
      ...(order.via === undefined ? {} : { confirmedVia: order.via }),
      ...(order.paymentId === undefined ? {} : { paymentId: order.paymentId }),
      ...(ticketNumber === undefined ? {} : { ticketNumber }),
    };
  }
  return {
    ...base,
    status: 'expired',
    action: 'none',
    expiredAt: order.expiredAt ?? order.expiresAt,
    expiryReason: order.expiryReason ?? 'timeout',
  };
}

/** Every order of the family, newest request first. */
export function ordersView(state: FamilyState, now?: Instant): OrderView[] {
  return state.orders
    .keys()
    .flatMap((orderId) => orderView(state, orderId, now) ?? [])
    .sort((a, b) => (a.requestedAt < b.requestedAt ? 1 : a.requestedAt > b.requestedAt ? -1 : a.orderId < b.orderId ? 1 : -1));
}
