import { familyCommand as cmd, FamilyHistory, slot } from '../../testing';
import { at, base, canteen, decider, goodwill, monday, paid, request, requested, spec, tuesday } from './family-decider.fixture';

describe('StartPayment (« Payer », R5)', () => {
  const covered = [...base, goodwill('g1', 500), requested('o1', [canteen('c1', monday)], 500)];
  const toPay = [...base, requested('o1', [canteen('c1', monday)])];

  it('starts a payment of exactly the amount due; the same start again changes nothing; another order under that id is ID_CONFLICT', () => {
    const start = cmd('StartPayment', { orderId: 'o1', paymentId: 'p1', provider: 'stripe' }, at(5));
    spec.given(toPay).when(start).then([
      { type: 'PaymentStarted', data: { orderId: 'o1', paymentId: 'p1', provider: 'stripe', amountCents: 210, startedAt: at(5) } },
    ]);
    const started = new FamilyHistory(decider, toPay);
    started.run(start);
    spec.given(started.events).when(start).thenNothingHappened();
    started.run(request('o2', [slot('c1', 'restauration', tuesday)], at(6)));
    spec.given(started.events).when(cmd('StartPayment', { orderId: 'o2', paymentId: 'p1', provider: 'stripe' }, at(7))).thenFails('ID_CONFLICT');
  });

  it('is ACTION_NOT_ALLOWED on an order the credit covers (« OK » is its action)', () => {
    spec
      .given(covered)
      .when(cmd('StartPayment', { orderId: 'o1', paymentId: 'p1', provider: 'simulated' }, at(5)))
      .thenFails('ACTION_NOT_ALLOWED', (failure) => expect(failure.details).toEqual({ action: 'ok' }));
  });

  it('refuses UNKNOWN_ORDER, and ORDER_NOT_PENDING for an order paid or past its hold', () => {
    spec.given(base).when(cmd('StartPayment', { orderId: 'nope', paymentId: 'p1', provider: 'simulated' }, at(5))).thenFails('UNKNOWN_ORDER');
    spec
      .given([...toPay, ...paid('o1', 'p1', 210)])
      .when(cmd('StartPayment', { orderId: 'o1', paymentId: 'p2', provider: 'simulated' }, at(5)))
      .thenFails('ORDER_NOT_PENDING');
    spec.given(toPay).when(cmd('StartPayment', { orderId: 'o1', paymentId: 'p2', provider: 'simulated' }, at(60))).thenFails('ORDER_NOT_PENDING');
  });
});
