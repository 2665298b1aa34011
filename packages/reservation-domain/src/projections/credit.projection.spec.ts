import { demoCatalog } from '../catalog';
import { createFamilyDecider } from '../family';
import { demoDates, familyCommand as cmd, FamilyHistory, slot } from '../testing';
import { cancellationView } from './cancellation.projection';
import { creditAccountView } from './credit-account.projection';
import { familySummaryView } from './family-summary.projection';
import { paymentsView } from './payments.projection';

const { now, monday, tuesday, thursday } = demoDates;
const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
const later = (minutes: number) => new Date(Date.parse(now) + minutes * 60_000).toISOString();

/** Goodwill 100; o1 (Mon+Tue 420, 100 from credit) paid 320 by p1; Monday cancelled; o2 (Thu) from credit. */
function story() {
  const history = new FamilyHistory(decider);
  history.run(cmd('RegisterFamily', { familyId: 'fam-1', resident: true }, now));
  history.run(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now));
  history.run(cmd('GrantGoodwillCredit', { creditId: 'g1', amountCents: 100, reason: 'Geste' }, now));
  history.run(cmd('RequestReservation', { orderId: 'o1', slots: [slot('c1', 'restauration', monday), slot('c1', 'restauration', tuesday)], pricing: { quotientFamilial: 600 } }, later(1)));
  history.run(cmd('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'simulated', amountCents: 320 }, later(2)));
  history.run(cmd('IssuePaymentTicket', { paymentId: 'p1', ticketNumber: 'R-2026-000001' }, later(3)));
  history.run(cmd('CancelReservation', { cancellationId: 'x1', creditId: 'cr1', slots: [slot('c1', 'restauration', monday)] }, later(4)));
  history.run(cmd('NumberCreditNote', { creditId: 'cr1', creditNoteNumber: 'A-2026-000001' }, later(4)));
  history.run(cmd('RequestReservation', { orderId: 'o2', slots: [slot('c1', 'restauration', thursday)], pricing: { quotientFamilial: 600 } }, later(5)));
  history.run(cmd('ConfirmWithCredit', { orderId: 'o2' }, later(6)));
  history.run(cmd('ConfirmPayment', { paymentId: 'p2', orderId: 'o2', provider: 'simulated', amountCents: 50 }, later(7)));
  return history;
}

describe('credit, cancellation and payment views', () => {
  it('creditAccountView lists every movement with its signed amount and the running balance', () => {
    const view = creditAccountView(story().state, later(8));
    expect(view.balanceCents).toBe(50);
    expect(view.heldCents).toBe(0);
    expect(view.movements).toEqual([
      { at: now, kind: 'goodwill', amountCents: 100, sourceId: 'g1', balanceAfterCents: 100 },
      { at: later(1), kind: 'applied_to_order', amountCents: -100, sourceId: 'o1', balanceAfterCents: 0 },
      { at: later(4), kind: 'cancellation', amountCents: 210, sourceId: 'x1', balanceAfterCents: 210 },
      { at: later(5), kind: 'applied_to_order', amountCents: -210, sourceId: 'o2', balanceAfterCents: 0 },
      { at: later(7), kind: 'unapplied_payment', amountCents: 50, sourceId: 'p2', balanceAfterCents: 50 },
    ]);
    expect(view.credits.map((c) => [c.creditId, c.source, c.remainingCents, c.creditNoteNumber])).toEqual([
      ['g1', 'goodwill', 0, undefined],
      ['cr1', 'cancellation', 0, 'A-2026-000001'],
      ['p2-credit', 'unapplied_payment', 50, undefined],
    ]);
  });

  it('cancellationView shows the lines, the total and the balance right after it, then and later', () => {
    const expected = {
      cancellationId: 'x1',
      familyId: 'fam-1',
      lines: [{ childId: 'c1', activityId: 'restauration', date: monday, orderId: 'o1', creditCents: 210 }],
      totalCents: 210,
      creditBalanceCents: 210,
      cancelledAt: later(4),
      reason: 'parent',
      creditId: 'cr1',
      creditNoteNumber: 'A-2026-000001',
    };
    expect(cancellationView(story().state, 'x1')).toEqual(expected);
    expect(cancellationView(story().state, 'nope')).toBeUndefined();
  });

  it('paymentsView lists money received, oldest first, with ticket numbers once issued', () => {
    expect(paymentsView(story().state)).toEqual([
      { paymentId: 'p1', orderId: 'o1', amountCents: 320, paidAt: later(2), ticketNumber: 'R-2026-000001', ticketIssuedAt: later(3), provider: 'simulated', outcome: 'order_confirmed' },
      { paymentId: 'p2', orderId: 'o2', amountCents: 50, paidAt: later(7), ticketNumber: null, ticketIssuedAt: null, provider: 'simulated', outcome: 'credited' },
    ]);
  });

  it('creditAccountView and familySummaryView read a hold as over at its end instant, before its expiry is recorded (R6)', () => {
    const history = new FamilyHistory(decider);
    history.run(cmd('RegisterFamily', { familyId: 'fam-1', resident: true }, now));
    history.run(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now));
    history.run(cmd('GrantGoodwillCredit', { creditId: 'g1', amountCents: 100, reason: 'Geste' }, now));
    history.run(cmd('RequestReservation', { orderId: 'o1', slots: [slot('c1', 'restauration', monday)], pricing: { quotientFamilial: 600 } }, now));
    const state = history.state;
    expect(creditAccountView(state, later(59))).toMatchObject({ balanceCents: 0, heldCents: 100 });
    const atEnd = creditAccountView(state, later(60));
    expect(atEnd).toMatchObject({ balanceCents: 100, heldCents: 0 });
    expect(atEnd.movements[atEnd.movements.length - 1]).toEqual({ at: later(60), kind: 'released_from_order', amountCents: 100, sourceId: 'o1', balanceAfterCents: 100 });
    expect(atEnd.credits.map((c) => [c.creditId, c.remainingCents])).toEqual([['g1', 100]]);
    expect(familySummaryView(state, later(59))).toMatchObject({ creditBalanceCents: 0, heldCreditCents: 100, pendingOrderIds: ['o1'] });
    expect(familySummaryView(state, later(60))).toMatchObject({ creditBalanceCents: 100, heldCreditCents: 0, pendingOrderIds: [] });
    // The recorded state is left as it is: views only read it at `now`.
    expect(state).toMatchObject({ balanceCents: 0, heldCents: 100 });
  });
});
