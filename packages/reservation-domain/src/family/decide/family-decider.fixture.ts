/**
 * Given events and commands the specs of ./<command>.spec.ts share: family `fam-1`, child c1
 * enrolled in the canteen, the evening care and Wednesdays of the demo catalog, canteen days at
 * 2,10 € (QF 600), and the decider with a 60-minute hold.
 */
import * as E from 'fp-ts/Either';
import { demoCatalog } from '../../catalog';
import { checkLedger } from '../../ledger';
import { deciderSpecification, demoDates, familyCommand as cmd, FamilyHistory, slot } from '../../testing';
import type { Pricing } from '../family.commands';
import { createFamilyDecider, type FamilyDecider } from '../family.decide';
import type { FamilyEvent, ReservationLine, ReservationRequested } from '../family.events';

export const { now, monday, tuesday, wednesday, thursday, friday } = demoDates;
export const F = 'fam-1';
export const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
export const specFor = (d: FamilyDecider = decider) => deciderSpecification(d);
export const spec = specFor();

export const QF600: Pricing = { quotientFamilial: 600 };
/** `now` plus some minutes. */
export const at = (minutesAfterNow: number) => new Date(Date.parse(now) + minutesAfterNow * 60_000).toISOString();

export const registered: FamilyEvent = {
  type: 'FamilyRegistered',
  data: { familyId: F, resident: true, registeredAt: '2026-09-01T08:00:00.000Z' },
};
export const enrolled = (childId: string, rank: number, activityIds = ['restauration', 'accueil-soir', 'mercredi']): FamilyEvent => ({
  type: 'ChildEnrolled',
  data: { familyId: F, childId, activityIds, rank, enrolledAt: '2026-09-01T08:00:00.000Z' },
});
/** Registered, c1 enrolled. */
export const base = [registered, enrolled('c1', 1)];

export const canteen = (childId: string, date: string, cents = 210, bracket = 'qf<=700', effectiveFrom = '2026-09-01'): ReservationLine => ({
  childId,
  activityId: 'restauration',
  date,
  unitPriceCents: cents,
  tariff: { effectiveFrom, bracket },
});

export function requested(orderId: string, lines: ReservationLine[], balanceCents = 0, requestedAt = now): ReservationRequested {
  const totalCents = lines.reduce((sum, line) => sum + line.unitPriceCents, 0);
  const creditAppliedCents = Math.min(balanceCents, totalCents);
  return {
    type: 'ReservationRequested',
    data: {
      orderId,
      familyId: F,
      lines,
      totalCents,
      creditAppliedCents,
      amountDueCents: totalCents - creditAppliedCents,
      requestedAt,
      expiresAt: new Date(Date.parse(requestedAt) + 60 * 60_000).toISOString(),
    },
  };
}

export const request = (orderId: string, slots: ReturnType<typeof slot>[], at_ = now, pricing = QF600) =>
  cmd('RequestReservation', { orderId, slots, pricing }, at_);

export const goodwill = (creditId: string, amountCents: number, issuedAt = '2026-09-02T08:00:00.000Z'): FamilyEvent => ({
  type: 'CreditIssued',
  data: { creditId, familyId: F, amountCents, source: 'goodwill', sourceId: creditId, reason: 'Geste commercial', issuedAt },
});

export const confirmedByCredit = (orderId: string, confirmedAt = now): FamilyEvent => ({
  type: 'ReservationConfirmed',
  data: { orderId, confirmedAt, via: 'credit' },
});

export const paid = (orderId: string, paymentId: string, amountCents: number, paidAt = now): FamilyEvent[] => [
  {
    type: 'PaymentConfirmed',
    data: { paymentId, orderId, provider: 'simulated', amountCents, paidAt, outcome: 'order_confirmed' },
  },
  { type: 'ReservationConfirmed', data: { orderId, confirmedAt: paidAt, via: 'payment', paymentId } },
];

/** c1 has canteen on Monday and Tuesday of W38, paid 420 cents by p1. */
export const reservedMonTue = [...base, requested('o1', [canteen('c1', monday), canteen('c1', tuesday)]), ...paid('o1', 'p1', 420)];

/** The ledger (R11) of the events, which must balance. */
export function ledgerBalanced(events: readonly FamilyEvent[]) {
  const state = new FamilyHistory(decider, events).state;
  const ledger = checkLedger(state);
  if (E.isLeft(ledger)) throw new Error(ledger.left.message);
  return ledger.right;
}
