import { familyCommand as cmd } from '../../testing';
import type { FamilyEvent } from '../family.events';
import { at, base, canteen, F, goodwill, ledgerBalanced, monday, now, paid, requested, spec, tuesday } from './family-decider.fixture';
import { additionalPaymentId, recordedPaymentIdOf } from './payment-deliveries';

describe('payment times and repeated provider payments (R7)', () => {
  const toPay = [...base, goodwill('g1', 100), requested('o1', [canteen('c1', monday), canteen('c1', tuesday)], 100)];
  const confirmRef = (amountCents: number, providerReference: string | undefined, minutes = 5) =>
    cmd(
      'ConfirmPayment',
      { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents, ...(providerReference === undefined ? {} : { providerReference }) },
      at(minutes),
    );
  const paidRef = (amountCents: number, providerReference: string, minutes = 5): FamilyEvent[] => [
    { type: 'PaymentConfirmed', data: { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents, paidAt: at(minutes), outcome: 'order_confirmed', providerReference } },
    { type: 'ReservationConfirmed', data: { orderId: 'o1', confirmedAt: at(minutes), via: 'payment', paymentId: 'p1' } },
  ];
  const creditedAs = (paymentId: string, amountCents: number, minutes: number, providerReference?: string): FamilyEvent[] => [
    {
      type: 'PaymentConfirmed',
      data: { paymentId, orderId: 'o1', provider: 'stripe', amountCents, paidAt: at(minutes), outcome: 'credited', ...(providerReference ? { providerReference } : {}) },
    },
    { type: 'CreditIssued', data: { creditId: `${paymentId}-credit`, familyId: F, amountCents, source: 'unapplied_payment', sourceId: paymentId, issuedAt: at(minutes) } },
  ];

  it('a payment whose provider time precedes the request confirms the order at its request time; the payment keeps the provider time', () => {
    spec.given(toPay).when(confirmRef(320, 'pi_A', -5)).then([
      { type: 'PaymentConfirmed', data: { paymentId: 'p1', orderId: 'o1', provider: 'stripe', amountCents: 320, paidAt: at(-5), outcome: 'order_confirmed', providerReference: 'pi_A' } },
      { type: 'ReservationConfirmed', data: { orderId: 'o1', confirmedAt: now, via: 'payment', paymentId: 'p1' } },
    ]);
  });

  it('records the provider reference of a payment', () => {
    spec.given(toPay).when(confirmRef(320, 'pi_A')).then(paidRef(320, 'pi_A'));
  });

  it('a second, distinct provider payment for a confirmed payment id becomes credit; a duplicate delivery changes nothing', () => {
    const once = [...toPay, ...paidRef(320, 'pi_A')];
    spec.given(once).when(confirmRef(320, 'pi_A', 7)).thenNothingHappened();
    spec.given(once).when(confirmRef(320, undefined, 7)).thenNothingHappened();
    const second = creditedAs('p1~pi_B', 320, 7, 'pi_B');
    spec.given(once).when(confirmRef(320, 'pi_B', 7)).then(second);
    spec.given([...once, ...second]).when(confirmRef(320, 'pi_B', 9)).thenNothingHappened();
    spec.given(once).when(confirmRef(500, 'pi_C', 7)).then(creditedAs('p1~pi_C', 500, 7, 'pi_C'));
    // The same provider payment reported with another amount is not money to guess about.
    spec.given(once).when(confirmRef(999, 'pi_A', 7)).thenFails('ID_CONFLICT');
    expect(ledgerBalanced([...once, ...second])).toMatchObject({ paymentsCents: 640, balanceCents: 320 });
  });

  it('without provider references, another amount for a confirmed payment id is another payment, credited', () => {
    const once = [...toPay, ...paid('o1', 'p1', 320, at(5)).map((e) => (e.type === 'PaymentConfirmed' ? { ...e, data: { ...e.data, provider: 'stripe' as const } } : e))];
    spec.given(once).when(confirmRef(320, undefined, 7)).thenNothingHappened();
    const other = creditedAs('p1~999c', 999, 7);
    spec.given(once).when(confirmRef(999, undefined, 7)).then(other);
    spec.given([...once, ...other]).when(confirmRef(999, undefined, 8)).thenNothingHappened();
    expect(ledgerBalanced([...once, ...other])).toMatchObject({ paymentsCents: 1319, balanceCents: 999 });
  });

  it('tells a caller under which payment id a delivery is recorded; a long id is hashed to stay a valid id', () => {
    const once = [...toPay, ...paidRef(320, 'pi_A'), ...creditedAs('p1~pi_B', 320, 7, 'pi_B')];
    const state = spec.given(once).state();
    expect(recordedPaymentIdOf(state, { paymentId: 'p1', amountCents: 320, providerReference: 'pi_A' })).toBe('p1');
    expect(recordedPaymentIdOf(state, { paymentId: 'p1', amountCents: 320, providerReference: 'pi_B' })).toBe('p1~pi_B');
    expect(recordedPaymentIdOf(state, { paymentId: 'p1', amountCents: 320, providerReference: 'pi_Z' })).toBeUndefined();
    expect(recordedPaymentIdOf(state, { paymentId: 'p9', amountCents: 320 })).toBeUndefined();
    const long = additionalPaymentId('p'.repeat(190), 'pi_'.repeat(10), 1);
    expect(long.length + '-credit'.length).toBeLessThanOrEqual(200);
    expect(long).toBe(additionalPaymentId('p'.repeat(190), 'pi_'.repeat(10), 1));
  });
});
