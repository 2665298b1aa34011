import { familyCommand as cmd } from '../../testing';
import { demoCatalogWithRegie } from '../../regie/regie-arrete.fixture';
import { createFamilyDecider } from '../family.decide';
import type { ReservationLine } from '../family.events';
import { at, base, canteen, monday, paid, requested, specFor, wednesday } from './family-decider.fixture';

describe('StartPayment within the régie’s arrêté (R18)', () => {
  const payfipOnly = specFor(createFamilyDecider({ catalog: demoCatalogWithRegie(), holdMinutes: 60 }));
  const wednesdayCare: ReservationLine = { ...canteen('c1', wednesday), activityId: 'mercredi' };
  const toPay = [...base, requested('o1', [canteen('c1', monday)])];
  const start = (provider: 'payfip' | 'stripe' | 'simulated', orderId = 'o1') => cmd('StartPayment', { orderId, paymentId: 'p1', provider }, at(5));

  it('accepts a start with a provider whose methods the arrêté lists, for activities it collects', () => {
    payfipOnly.given(toPay).when(start('payfip')).then([
      { type: 'PaymentStarted', data: { orderId: 'o1', paymentId: 'p1', provider: 'payfip', amountCents: 210, startedAt: at(5) } },
    ]);
  });

  it('refuses PAYMENT_METHOD_NOT_ACCEPTED for a provider the arrêté does not name, with the methods it accepts', () => {
    for (const provider of ['simulated', 'stripe'] as const) {
      payfipOnly
        .given(toPay)
        .when(start(provider))
        .thenFails('PAYMENT_METHOD_NOT_ACCEPTED', (failure) => expect(failure.details).toEqual({ provider, accepted: ['card', 'direct_debit'] }));
    }
  });

  it('takes PayFiP when the arrêté lists only the card, or the older `payfip` method', () => {
    for (const paymentMethods of [['card'], ['direct_debit'], ['payfip']]) {
      const spec = specFor(createFamilyDecider({ catalog: demoCatalogWithRegie({ paymentMethods }), holdMinutes: 60 }));
      spec.given(toPay).when(start('payfip')).then([
        { type: 'PaymentStarted', data: { orderId: 'o1', paymentId: 'p1', provider: 'payfip', amountCents: 210, startedAt: at(5) } },
      ]);
    }
  });

  it('refuses REVENUE_TYPE_NOT_IN_REGIE for an order with an activity outside its revenue types, naming it', () => {
    payfipOnly
      .given([...base, requested('o1', [canteen('c1', monday), wednesdayCare])])
      .when(start('payfip'))
      .thenFails('REVENUE_TYPE_NOT_IN_REGIE', (failure) => expect(failure.details).toEqual({ activityIds: ['mercredi'] }));
  });

  it('keeps the older refusals first, and a start already made still changes nothing', () => {
    payfipOnly.given([...toPay, ...paid('o1', 'p0', 210)]).when(start('simulated')).thenFails('ORDER_NOT_PENDING');
    payfipOnly
      .given([...toPay, { type: 'PaymentStarted', data: { orderId: 'o1', paymentId: 'p1', provider: 'payfip', amountCents: 210, startedAt: at(1) } }])
      .when(start('payfip'))
      .thenNothingHappened();
  });

  it('records a payment received by a provider the arrêté does not accept (money received is never refused, R7)', () => {
    payfipOnly
      .given(toPay)
      .when(cmd('ConfirmPayment', { paymentId: 'p1', orderId: 'o1', provider: 'simulated', amountCents: 210 }, at(5)))
      .then((events) => expect(events.map((event) => event.type)).toEqual(['PaymentConfirmed', 'ReservationConfirmed']));
  });
});
