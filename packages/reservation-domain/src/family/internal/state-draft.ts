/**
 * How `evolve` copies states and orders without slowing the decider down: explicit literals in
 * one fixed order, not `{ ...state }`. Every registered state then shares one hidden class and
 * copies stay cheap (a spread of a 20-field object went through V8's slow path once states of
 * many families mixed).
 */
import type { Instant } from '../../shared';
import type { FamilyState, NotRegisteredFamilyState, OrderState, RegisteredFamilyState } from '../family.state';

export type Draft<T> = { -readonly [K in keyof T]: T[K] };

/** A fresh copy of the state for `evolve` to fill in, of the same status. */
export function draftOf(s: RegisteredFamilyState): Draft<RegisteredFamilyState>;
export function draftOf(s: FamilyState): Draft<FamilyState>;
export function draftOf(s: FamilyState): Draft<FamilyState> {
  return s.status === 'registered' ? registeredDraft(s) : notRegisteredDraft(s);
}

// Every event but the first copies a registered state: that copy reads one hidden class only.
function registeredDraft(s: RegisteredFamilyState): Draft<RegisteredFamilyState> {
  return {
    status: 'registered',
    familyId: s.familyId,
    resident: s.resident,
    registeredAt: s.registeredAt,
    erasedAt: s.erasedAt,
    children: s.children,
    slots: s.slots,
    orders: s.orders,
    pendingOrderIds: s.pendingOrderIds,
    payments: s.payments,
    cancellations: s.cancellations,
    credits: s.credits,
    openLots: s.openLots,
    refunds: s.refunds,
    refundRequests: s.refundRequests,
    absences: s.absences,
    balanceCents: s.balanceCents,
    heldCents: s.heldCents,
    creditSeq: s.creditSeq,
    movements: s.movements,
  };
}

/**
 * The state `FamilyRegistered` leaves: `s`'s records, with the registration given. Its own
 * literal, in the same order as `registeredDraft`'s (so the same hidden class), because it reads
 * a state not registered yet: sharing `registeredDraft` would make every copy read two classes.
 */
export function registeredFrom(s: FamilyState, familyId: string, resident: boolean, registeredAt: Instant, erasedAt: Instant | null): RegisteredFamilyState {
  return {
    status: 'registered',
    familyId,
    resident,
    registeredAt,
    erasedAt,
    children: s.children,
    slots: s.slots,
    orders: s.orders,
    pendingOrderIds: s.pendingOrderIds,
    payments: s.payments,
    cancellations: s.cancellations,
    credits: s.credits,
    openLots: s.openLots,
    refunds: s.refunds,
    refundRequests: s.refundRequests,
    absences: s.absences,
    balanceCents: s.balanceCents,
    heldCents: s.heldCents,
    creditSeq: s.creditSeq,
    movements: s.movements,
  };
}

function notRegisteredDraft(s: NotRegisteredFamilyState): Draft<NotRegisteredFamilyState> {
  return {
    status: 'not_registered',
    children: s.children,
    slots: s.slots,
    orders: s.orders,
    pendingOrderIds: s.pendingOrderIds,
    payments: s.payments,
    cancellations: s.cancellations,
    credits: s.credits,
    openLots: s.openLots,
    refunds: s.refunds,
    refundRequests: s.refundRequests,
    absences: s.absences,
    balanceCents: s.balanceCents,
    heldCents: s.heldCents,
    creditSeq: s.creditSeq,
    movements: s.movements,
  };
}

/** An order with some fields changed, built field by field (one hidden class for every order). */
export function withOrder(order: OrderState, changes: Partial<Draft<OrderState>>): OrderState {
  return {
    orderId: order.orderId,
    lines: order.lines,
    totalCents: order.totalCents,
    creditAppliedCents: order.creditAppliedCents,
    amountDueCents: order.amountDueCents,
    requestedAt: order.requestedAt,
    expiresAt: order.expiresAt,
    expiresAtMs: order.expiresAtMs,
    status: changes.status ?? order.status,
    heldFrom: changes.heldFrom ?? order.heldFrom,
    paymentIds: changes.paymentIds ?? order.paymentIds,
    confirmedAt: changes.confirmedAt ?? order.confirmedAt,
    via: changes.via ?? order.via,
    paymentId: changes.paymentId ?? order.paymentId,
    expiredAt: changes.expiredAt ?? order.expiredAt,
    expiryReason: changes.expiryReason ?? order.expiryReason,
  };
}

export const NO_IDS: readonly string[] = Object.freeze([]);

/** `[...items, item]` at its exact size (a spread leaves spare capacity: garbage). */
export function appended<T>(items: readonly T[], item: T): T[] {
  const out = new Array<T>(items.length + 1);
  for (let i = 0; i < items.length; i++) out[i] = items[i];
  out[items.length] = item;
  return out;
}
