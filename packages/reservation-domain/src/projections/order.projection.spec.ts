import { demoCatalog } from '../catalog';
import { createFamilyDecider } from '../family';
import { demoDates, familyCommand as cmd, FamilyHistory, slot } from '../testing';
import { orderView, ordersView } from './order.projection';

const { now, monday, tuesday } = demoDates;
const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });
const later = (minutes: number) => new Date(Date.parse(now) + minutes * 60_000).toISOString();

function family(goodwillCents = 0) {
  const history = new FamilyHistory(decider);
  history.run(cmd('RegisterFamily', { familyId: 'fam-1', resident: true }, now));
  history.run(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now));
  if (goodwillCents > 0) history.run(cmd('GrantGoodwillCredit', { creditId: 'g1', amountCents: goodwillCents, reason: 'Geste' }, now));
  history.run(cmd('RequestReservation', { orderId: 'o1', slots: [slot('c1', 'restauration', monday), slot('c1', 'restauration', tuesday)], pricing: { quotientFamilial: 600 } }, now));
  return history;
}

describe('orderView', () => {
  it('an order with something to pay awaits payment (action pay)', () => {
    expect(orderView(family().state, 'o1')).toEqual({
      orderId: 'o1',
      familyId: 'fam-1',
      status: 'awaiting_payment',
      lines: [
        { childId: 'c1', activityId: 'restauration', date: monday, unitPriceCents: 210, tariff: { effectiveFrom: '2026-09-01', bracket: 'qf<=700' } },
        { childId: 'c1', activityId: 'restauration', date: tuesday, unitPriceCents: 210, tariff: { effectiveFrom: '2026-09-01', bracket: 'qf<=700' } },
      ],
      totalCents: 420,
      creditAppliedCents: 0,
      amountDueCents: 420,
      requestedAt: now,
      expiresAt: later(60),
      action: 'pay',
    });
  });

  it('an order covered by credit awaits « OK »; once confirmed the action is none', () => {
    const history = family(500);
    expect(orderView(history.state, 'o1')).toMatchObject({ status: 'awaiting_confirmation', action: 'ok', creditAppliedCents: 420, amountDueCents: 0 });
    history.run(cmd('ConfirmWithCredit', { orderId: 'o1' }, later(1)));
    expect(orderView(history.state, 'o1')).toMatchObject({ status: 'confirmed', action: 'none', confirmedAt: later(1), confirmedVia: 'credit' });
  });

  it('a paid order shows its payment and ticket number', () => {
    const history = family();
    history.run(cmd('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents: 420 }, later(2)));
    expect(orderView(history.state, 'o1')).toMatchObject({ status: 'confirmed', confirmedVia: 'payment', paymentId: 'p1' });
    history.run(cmd('IssuePaymentTicket', { paymentId: 'p1', ticketNumber: 'R-2026-000007' }, later(2)));
    expect(orderView(history.state, 'o1')?.ticketNumber).toBe('R-2026-000007');
  });

  it('shows expiry, recorded or (given now) because its hold is over', () => {
    const history = family();
    expect(orderView(history.state, 'o1', later(59))?.status).toBe('awaiting_payment');
    expect(orderView(history.state, 'o1', later(60))).toMatchObject({ status: 'expired', action: 'none', expiredAt: later(60), expiryReason: 'timeout' });
    history.run(cmd('AbandonOrder', { orderId: 'o1' }, later(5)));
    expect(orderView(history.state, 'o1')).toMatchObject({ status: 'expired', action: 'none', expiredAt: later(5), expiryReason: 'abandoned' });
  });

  it('an unknown order has no view; ordersView lists newest first', () => {
    const history = family();
    history.run(cmd('RequestReservation', { orderId: 'o2', slots: [slot('c1', 'restauration', '2026-09-17')], pricing: { quotientFamilial: 600 } }, later(3)));
    expect(orderView(history.state, 'nope')).toBeUndefined();
    expect(ordersView(history.state).map((o) => o.orderId)).toEqual(['o2', 'o1']);
  });
});
