import { DEFAULT_MAX_AMOUNT_CENTS, DEFAULT_MAX_BALANCE_CENTS, MAX_REPRESENTABLE_CENTS } from '../../shared';
import { demoDates, familyCommand as cmd, FamilyHistory } from '../../testing';
import type { FamilyEvent } from '../family.events';
import { at, base, canteen, decider, F, goodwill, ledgerBalanced, monday, now, paid, requested, spec, thursday, tuesday } from './family-decider.fixture';

describe('ConfirmPayment (R7)', () => {
  const toPay = [...base, goodwill('g1', 100), requested('o1', [canteen('c1', monday), canteen('c1', tuesday)], 100)];
  const confirm = (amountCents: number, minutes = 5, paymentId = 'p1', creditId?: string) =>
    cmd('ConfirmPayment', { paymentId, orderId: 'o1', provider: 'simulated', amountCents, ...(creditId ? { creditId } : {}) }, at(minutes));
  const credited = (amountCents: number, minutes = 5, paymentId = 'p1', creditId = `${paymentId}-credit`): FamilyEvent[] => [
    { type: 'PaymentConfirmed', data: { paymentId, orderId: 'o1', provider: 'simulated', amountCents, paidAt: at(minutes), outcome: 'credited' } },
    { type: 'CreditIssued', data: { creditId, familyId: F, amountCents, source: 'unapplied_payment', sourceId: paymentId, issuedAt: at(minutes) } },
  ];
  const timedOut: FamilyEvent = { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(60), reason: 'timeout', creditReleasedCents: 100 } };

  it('a payment of exactly the amount due confirms the pending order', () => {
    spec.given(toPay).when(confirm(320)).then(paid('o1', 'p1', 320, at(5)));
    expect(ledgerBalanced([...toPay, ...paid('o1', 'p1', 320, at(5))])).toMatchObject({ paymentsCents: 320, reservedValueCents: 420 });
  });

  it('the same payment reported twice is applied once; for another order it is ID_CONFLICT', () => {
    const once = [...toPay, ...paid('o1', 'p1', 320, at(5))];
    spec.given(once).when(confirm(320, 7)).thenNothingHappened();
    spec.given(once).when(cmd('ConfirmPayment', { paymentId: 'p1', orderId: 'o9', provider: 'simulated', amountCents: 320 }, at(7))).thenFails('ID_CONFLICT');
  });

  it('a payment of another amount becomes credit in full, and the order stays pending', () => {
    spec.given(toPay).when(confirm(300)).then(credited(300));
    spec.given(toPay).when(confirm(500, 5, 'p1', 'credit-x')).then(credited(500, 5, 'p1', 'credit-x'));
    const state = new FamilyHistory(decider, [...toPay, ...credited(300)]).state;
    expect(state.orders.get('o1')?.status).toBe('pending');
    expect(ledgerBalanced([...toPay, ...credited(300)])).toMatchObject({ paymentsCents: 300, balanceCents: 300 });
  });

  it('a second payment of a confirmed order becomes credit', () => {
    spec.given([...toPay, ...paid('o1', 'p1', 320, at(5))]).when(confirm(320, 6, 'p2')).then(credited(320, 6, 'p2'));
  });

  it('a late payment confirms an expired order whose slots are all still bookable and free, taking its credit again', () => {
    spec.given([...toPay, timedOut]).when(confirm(320, 120)).then(paid('o1', 'p1', 320, at(120)));
    // The hold is over but not recorded yet: the expiry is recorded first.
    spec.given(toPay).when(confirm(320, 120)).then([timedOut, ...paid('o1', 'p1', 320, at(120))]);
    const ledger = ledgerBalanced([...toPay, timedOut, ...paid('o1', 'p1', 320, at(120))]);
    expect(ledger).toMatchObject({ paymentsCents: 320, goodwillCents: 100, reservedValueCents: 420, balanceCents: 0, heldCents: 0 });
  });

  it('a late payment becomes credit when a slot is no longer bookable, is taken, or the credit is gone', () => {
    const afterDeadline = (Date.parse(demoDates.canteenDeadlineW38) - Date.parse(now)) / 60_000 + 1;
    spec.given([...toPay, timedOut]).when(confirm(320, afterDeadline)).then(credited(320, afterDeadline));
    const retaken = [...toPay, timedOut, requested('o2', [canteen('c1', monday)], 100, at(70))];
    spec.given(retaken).when(confirm(320, 80)).then(credited(320, 80));
    const spent = [...toPay, timedOut, requested('o2', [canteen('c1', thursday)], 100, at(70))];
    spec.given(spent).when(confirm(320, 80)).then(credited(320, 80));
  });

  it('a late payment may take a day that another order, whose hold is over, still held in the record (R6)', () => {
    // o3 requested Tuesday at at(1) for 210 and expired; o4 then holds Tuesday until at(70); the payment of o3 comes at at(70).
    const history = [
      ...base,
      requested('o3', [canteen('c1', tuesday)], 0, at(1)),
      { type: 'ReservationExpired', data: { orderId: 'o3', expiredAt: at(2), reason: 'abandoned', creditReleasedCents: 0 } } as FamilyEvent,
      requested('o4', [canteen('c1', tuesday)], 0, at(10)),
    ];
    spec
      .given(history)
      .when(cmd('ConfirmPayment', { paymentId: 'p3', orderId: 'o3', provider: 'simulated', amountCents: 210 }, at(70)))
      .then([
        { type: 'ReservationExpired', data: { orderId: 'o4', expiredAt: at(70), reason: 'timeout', creditReleasedCents: 0 } },
        { type: 'PaymentConfirmed', data: { paymentId: 'p3', orderId: 'o3', provider: 'simulated', amountCents: 210, paidAt: at(70), outcome: 'order_confirmed' } },
        { type: 'ReservationConfirmed', data: { orderId: 'o3', confirmedAt: at(70), via: 'payment', paymentId: 'p3' } },
      ]);
  });

  it('refuses AMOUNT_INVALID for a zero, negative or fractional amount', () => {
    for (const amount of [0, -320, 3.2]) spec.given(toPay).when(confirm(amount)).thenFails('AMOUNT_INVALID');
  });

  it('refuses a payment id started for another order', () => {
    const started = [...toPay, { type: 'PaymentStarted', data: { orderId: 'o9', paymentId: 'p1', provider: 'simulated', amountCents: 1, startedAt: now } } as FamilyEvent];
    spec.given(started).when(confirm(320)).thenFails('ID_CONFLICT');
  });

  it('money received above the maximum amount or balance is recorded as credit, never refused; an amount that cannot be represented is refused explicitly', () => {
    const pay = (amountCents: number) => cmd('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents }, at(5));
    const toPayOne = [...base, requested('o1', [canteen('c1', monday)])];
    const big = DEFAULT_MAX_AMOUNT_CENTS * 5;
    const creditedStripe = (amountCents: number): FamilyEvent[] => [
      { type: 'PaymentConfirmed', data: { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents, paidAt: at(5), outcome: 'credited' } },
      { type: 'CreditIssued', data: { creditId: 'p1-credit', familyId: F, amountCents, source: 'unapplied_payment', sourceId: 'p1', issuedAt: at(5) } },
    ];
    spec.given(toPayOne).when(pay(big)).then(creditedStripe(big));
    spec.given([...toPayOne, goodwill('g0', DEFAULT_MAX_BALANCE_CENTS)]).when(pay(500)).then(creditedStripe(500));
    expect(ledgerBalanced([...toPayOne, ...creditedStripe(big)])).toMatchObject({ paymentsCents: big, balanceCents: big });
    spec.given(toPayOne).when(pay(MAX_REPRESENTABLE_CENTS)).then(creditedStripe(MAX_REPRESENTABLE_CENTS));
    spec.given(toPayOne).when(pay(MAX_REPRESENTABLE_CENTS + 1)).thenFails('AMOUNT_OUT_OF_BOUNDS', (failure) =>
      expect(failure.details).toMatchObject({ amountCents: MAX_REPRESENTABLE_CENTS + 1, maxRepresentableCents: MAX_REPRESENTABLE_CENTS }),
    );
    spec.given(toPayOne).when(pay(2 ** 53 + 2)).thenFails('AMOUNT_OUT_OF_BOUNDS');
  });
});
