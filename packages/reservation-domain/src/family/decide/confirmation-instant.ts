/**
 * R5 and R7 (docs/rules.md): when an order is confirmed by something that happened at `at` (a
 * provider's payment time, an « OK »): never before the order was requested, nor before it
 * expired when a late payment confirms it. A provider's clock may be seconds behind ours, or
 * report a payment made on an older checkout: the money is genuine, so the payment is applied —
 * it is not refused — and both times are recorded: `PaymentConfirmed.paidAt` keeps the
 * provider's time as it is (the fact of the receipt), `ReservationConfirmed.confirmedAt` is this
 * clamped instant, so no order reads as confirmed before it existed.
 */
import type { Instant } from '../../shared';
import type { OrderState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';

export function confirmationInstant(order: OrderState, at: Instant, atMs: number): Instant {
  let latest = laterOf(at, atMs, order.requestedAt);
  if (order.expiredAt !== undefined) latest = laterOf(latest.at, latest.ms, order.expiredAt);
  return latest.at;
}

/** The later of two instants (the first one on a tie). */
function laterOf(a: Instant, aMs: number, b: Instant): { readonly at: Instant; readonly ms: number } {
  const bMs = epochMsOfInstant(b);
  return bMs > aMs ? { at: b, ms: bMs } : { at: a, ms: aMs };
}
