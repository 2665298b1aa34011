/** How requests, confirmations and expiries of orders change the family's slots and credit. */
import { NO_PARTS, restoreLots, sumParts, takeFromLots } from '../credit-lots';
import type { FamilyEventData, ReservationLine } from '../family.events';
import { slotKeyOf, type FamilyState, type OrderState, type SlotHolding } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import type { PersistentMap } from '../internal/persistent-map';
import { appended, draftOf, NO_IDS, withOrder } from '../internal/state-draft';
import { movementOf } from './credits.evolve';

function holdSlots(slots: PersistentMap<SlotHolding>, lines: readonly ReservationLine[], orderId: string): PersistentMap<SlotHolding> {
  return slots.setEach(
    lines,
    (line) => slotKeyOf(line.childId, line.activityId, line.date),
    (line) => ({ childId: line.childId, activityId: line.activityId, date: line.date, orderId, unitPriceCents: line.unitPriceCents }),
  );
}

export function reservationRequested(state: FamilyState, data: FamilyEventData<'ReservationRequested'>): FamilyState {
  const { lots, parts } = takeFromLots(state.openLots, data.creditAppliedCents);
  const held = sumParts(parts);
  const order: OrderState = {
    orderId: data.orderId,
    lines: data.lines,
    totalCents: data.totalCents,
    creditAppliedCents: data.creditAppliedCents,
    amountDueCents: data.amountDueCents,
    requestedAt: data.requestedAt,
    expiresAt: data.expiresAt,
    expiresAtMs: epochMsOfInstant(data.expiresAt),
    status: 'pending',
    heldFrom: parts,
    paymentIds: NO_IDS,
    confirmedAt: undefined,
    via: undefined,
    paymentId: undefined,
    expiredAt: undefined,
    expiryReason: undefined,
  };
  const next = draftOf(state);
  next.slots = holdSlots(state.slots, data.lines, data.orderId);
  next.orders = state.orders.set(data.orderId, order);
  next.pendingOrderIds = appended(state.pendingOrderIds, data.orderId);
  next.openLots = lots;
  next.balanceCents = state.balanceCents - held;
  next.heldCents = state.heldCents + held;
  next.movements = movementOf(state, data.requestedAt, 'applied_to_order', -held, data.orderId, next.balanceCents);
  return next;
}

export function reservationConfirmed(state: FamilyState, data: FamilyEventData<'ReservationConfirmed'>): FamilyState {
  const { orderId, confirmedAt, via, paymentId } = data;
  const order = state.orders.get(orderId);
  if (!order || order.status === 'confirmed') return state;
  const confirmed: OrderState = withOrder(order, { status: 'confirmed', heldFrom: NO_PARTS, confirmedAt, via, paymentId });
  const next = draftOf(state);
  next.orders = state.orders.set(orderId, confirmed);
  if (order.status === 'pending') {
    next.pendingOrderIds = state.pendingOrderIds.filter((id) => id !== orderId);
    next.heldCents = state.heldCents - sumParts(order.heldFrom);
    return next;
  }
  // A late payment confirming an expired order (R7): its slots are held again, its credit taken again.
  const { lots, parts } = takeFromLots(state.openLots, order.creditAppliedCents);
  next.slots = holdSlots(state.slots, order.lines, orderId);
  next.openLots = lots;
  next.balanceCents = state.balanceCents - sumParts(parts);
  next.movements = movementOf(state, confirmedAt, 'applied_to_order', -sumParts(parts), orderId, next.balanceCents);
  return next;
}

export function reservationExpired(state: FamilyState, data: FamilyEventData<'ReservationExpired'>): FamilyState {
  const { orderId, expiredAt, reason } = data;
  const order = state.orders.get(orderId);
  if (!order || order.status !== 'pending') return state;
  let slots = state.slots;
  for (const line of order.lines) {
    const key = slotKeyOf(line.childId, line.activityId, line.date);
    if (slots.get(key)?.orderId === orderId) slots = slots.delete(key);
  }
  const released = sumParts(order.heldFrom);
  const next = draftOf(state);
  next.slots = slots;
  next.orders = state.orders.set(orderId, withOrder(order, { status: 'expired', heldFrom: NO_PARTS, expiredAt, expiryReason: reason }));
  next.pendingOrderIds = state.pendingOrderIds.filter((id) => id !== orderId);
  next.openLots = restoreLots(state.openLots, order.heldFrom);
  next.balanceCents = state.balanceCents + released;
  next.heldCents = state.heldCents - released;
  next.movements = movementOf(state, expiredAt, 'released_from_order', released, orderId, next.balanceCents);
  return next;
}
