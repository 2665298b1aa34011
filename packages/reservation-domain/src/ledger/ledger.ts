/**
 * R11, ledger conservation:
 *   Σ payments + Σ goodwill credits
 *     = Σ value of confirmed slots still reserved + credit balance + Σ credit held by pending orders + Σ refunds.
 * Every figure is recomputed from the state's records (not from running totals), so a wrong
 * amount anywhere — a cancellation credited at today's tariff, a payment lost — unbalances it.
 */
import * as E from 'fp-ts/Either';
import type { Cents } from '../shared';
import { evolveFamily, holdingStatus, initialFamilyState, slotKeyOf, type FamilyEvent, type FamilyState } from '../family';

export interface Ledger {
  /** Money received: every confirmed payment, whatever it paid for. */
  readonly paymentsCents: Cents;
  readonly goodwillCents: Cents;
  /** Frozen prices of the slots confirmed and still reserved. */
  readonly reservedValueCents: Cents;
  readonly balanceCents: Cents;
  readonly heldCents: Cents;
  readonly refundedCents: Cents;
}

export interface LedgerViolation {
  readonly code: 'LEDGER_UNBALANCED' | 'LEDGER_INCONSISTENT';
  readonly message: string;
  readonly ledger: Ledger;
}

export function ledgerOf(state: FamilyState): Ledger {
  let paymentsCents = 0;
  state.payments.forEach((payment) => {
    if (payment.status === 'confirmed') paymentsCents += payment.amountCents;
  });
  let goodwillCents = 0;
  state.credits.forEach((credit) => {
    if (credit.source === 'goodwill') goodwillCents += credit.amountCents;
  });
  let reservedValueCents = 0;
  state.slots.forEach((slot) => {
    if (holdingStatus(state, slot) === 'reserved') reservedValueCents += slot.unitPriceCents;
  });
  const balanceCents = state.openLots.reduce((sum, lot) => sum + lot.remainingCents, 0);
  let heldCents = 0;
  for (const orderId of state.pendingOrderIds) {
    for (const part of state.orders.get(orderId)?.heldFrom ?? []) heldCents += part.cents;
  }
  let refundedCents = 0;
  state.refunds.forEach((refund) => {
    refundedCents += refund.amountCents;
  });
  return { paymentsCents, goodwillCents, reservedValueCents, balanceCents, heldCents, refundedCents };
}

export function checkLedger(state: FamilyState): E.Either<LedgerViolation, Ledger> {
  const ledger = ledgerOf(state);
  const received = ledger.paymentsCents + ledger.goodwillCents;
  const accounted = ledger.reservedValueCents + ledger.balanceCents + ledger.heldCents + ledger.refundedCents;
  if (received !== accounted) {
    return E.left({
      code: 'LEDGER_UNBALANCED',
      message: `payments + goodwill = ${received} cents but reserved + balance + held + refunded = ${accounted} cents`,
      ledger,
    });
  }
  const problems: string[] = [];
  if (ledger.balanceCents !== state.balanceCents) problems.push(`balance ${state.balanceCents} ≠ Σ open credits ${ledger.balanceCents}`);
  if (ledger.heldCents !== state.heldCents) problems.push(`held ${state.heldCents} ≠ Σ held by pending orders ${ledger.heldCents}`);
  if (state.balanceCents < 0) problems.push(`negative balance ${state.balanceCents}`);
  if (state.openLots.some((lot) => lot.remainingCents <= 0)) problems.push('an open credit with nothing left');
  for (const orderId of state.pendingOrderIds) {
    const order = state.orders.get(orderId);
    if (!order) continue;
    const held = order.heldFrom.reduce((sum, part) => sum + part.cents, 0);
    if (held !== order.creditAppliedCents) problems.push(`order ${orderId} holds ${held} instead of ${order.creditAppliedCents}`);
  }
  if (problems.length > 0) return E.left({ code: 'LEDGER_INCONSISTENT', message: problems.join('; '), ledger });
  return E.right(ledger);
}

export interface AuditCheck {
  readonly name: string;
  readonly ok: boolean;
  readonly detail: string;
}

export interface FamilyAudit {
  readonly ok: boolean;
  readonly eventsChecked: number;
  readonly checks: readonly AuditCheck[];
  readonly state: FamilyState;
}

/**
 * Replays a family's history checking what the decider promises, for the auditor: no slot held
 * twice (a request or a late confirmation taking a slot another order holds), the balance never
 * negative, and the ledger balanced at the end.
 */
export function auditFamilyHistory(events: Iterable<FamilyEvent>): FamilyAudit {
  let state = initialFamilyState();
  let count = 0;
  const doubleBookings: string[] = [];
  let negativeAt: number | null = null;
  for (const event of events) {
    count++;
    if (event.type === 'ReservationRequested' || event.type === 'ReservationConfirmed') {
      const order = event.type === 'ReservationRequested' ? event.data : state.orders.get(event.data.orderId);
      const lines = order?.lines ?? [];
      for (const line of lines) {
        const holding = state.slots.get(slotKeyOf(line.childId, line.activityId, line.date));
        if (holding && holding.orderId !== event.data.orderId) {
          doubleBookings.push(`event #${count}: ${slotKeyOf(line.childId, line.activityId, line.date)} already held by ${holding.orderId}`);
        }
      }
    }
    state = evolveFamily(state, event);
    if (negativeAt === null && state.balanceCents < 0) negativeAt = count;
  }
  const ledger = checkLedger(state);
  const checks: AuditCheck[] = [
    {
      name: 'no slot held twice',
      ok: doubleBookings.length === 0,
      detail: doubleBookings.length === 0 ? 'every slot held by at most one order' : doubleBookings.slice(0, 10).join('; '),
    },
    {
      name: 'credit balance never negative',
      ok: negativeAt === null,
      detail: negativeAt === null ? 'never below zero' : `negative after event #${negativeAt}`,
    },
    {
      name: 'ledger conservation (R11)',
      ok: E.isRight(ledger),
      detail: E.isRight(ledger)
        ? `payments ${ledger.right.paymentsCents} + goodwill ${ledger.right.goodwillCents} = reserved ${ledger.right.reservedValueCents} + balance ${ledger.right.balanceCents} + held ${ledger.right.heldCents} + refunded ${ledger.right.refundedCents}`
        : ledger.left.message,
    },
  ];
  return { ok: checks.every((check) => check.ok), eventsChecked: count, checks, state };
}
