/**
 * Questions asked of a family's state by the decider, the read models and the audits: what a
 * held slot is, and R6 — a pending order's hold is over at its end instant, recorded or not.
 */
import type { Instant } from '../shared';
import type { ReservationExpired } from './family.events';
import { foldFamily } from './family.evolve';
import type { FamilyRecords, FamilyState, OrderState, SlotHolding } from './family.state';
import { epochMsOfInstant } from './internal/instant-format';

/** 'pending' while the holding order awaits confirmation, 'reserved' once it is confirmed. */
export function holdingStatus(state: FamilyRecords, holding: SlotHolding): 'pending' | 'reserved' {
  return state.orders.get(holding.orderId)?.status === 'pending' ? 'pending' : 'reserved';
}

/** The held slots with their status (for read models and audits). */
export function heldSlots(state: FamilyRecords): (SlotHolding & { readonly status: 'pending' | 'reserved' })[] {
  const out: (SlotHolding & { readonly status: 'pending' | 'reserved' })[] = [];
  state.slots.forEach((holding) => out.push({ ...holding, status: holdingStatus(state, holding) }));
  return out;
}

/**
 * R6: a pending order's hold is over once `nowMs >= expiresAt` — at its end instant, whether or
 * not its `ReservationExpired` is recorded yet. Every decision and every view reads holds so.
 */
export function isHoldOver(order: OrderState, nowMs: number): boolean {
  return order.status === 'pending' && nowMs >= order.expiresAtMs;
}

const NO_EXPIRIES: readonly ReservationExpired[] = Object.freeze([]);

/** The timeout of a pending order, recorded at its `expiresAt` (not at the moment it is noticed). */
export function holdTimeoutOf(order: OrderState): ReservationExpired {
  return {
    type: 'ReservationExpired',
    data: { orderId: order.orderId, expiredAt: order.expiresAt, reason: 'timeout', creditReleasedCents: order.creditAppliedCents },
  };
}

/** The `ReservationExpired` (reason 'timeout', at expiresAt) of every pending order whose hold is over at `nowMs`. */
export function lapsedHoldExpiries(state: FamilyRecords, nowMs: number): readonly ReservationExpired[] {
  if (state.pendingOrderIds.length === 0) return NO_EXPIRIES;
  let events: ReservationExpired[] | undefined;
  for (const orderId of state.pendingOrderIds) {
    const order = state.orders.get(orderId);
    if (order && isHoldOver(order, nowMs)) (events ??= []).push(holdTimeoutOf(order));
  }
  return events ?? NO_EXPIRIES;
}

/**
 * The family's state as it reads at `now`: every pending order whose hold is over expired at
 * its `expiresAt`, its slots free and its credit back in the balance — exactly what the next
 * command will record. `state` itself when no hold is over (no copy). For read models and for
 * callers reading `balanceCents`, `heldCents` or `pendingOrderIds` between commands.
 */
export function familyStateAt<S extends FamilyState>(state: S, now: Instant): S {
  const expiries = lapsedHoldExpiries(state, epochMsOfInstant(now));
  // Expiries change orders, slots and credit, never the registration: the status stays.
  return expiries.length === 0 ? state : (foldFamily(expiries, state) as S);
}
