import { familyCommand as cmd, slot } from '../../testing';
import { at, base, canteen, goodwill, monday, paid, request, requested, spec } from './family-decider.fixture';

describe('AbandonOrder (R6)', () => {
  const held = [...base, goodwill('g1', 100), requested('o1', [canteen('c1', monday)], 100)];

  it('frees the slots and the held credit at once', () => {
    const abandoned = { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(10), reason: 'abandoned', creditReleasedCents: 100 } } as const;
    spec.given(held).when(cmd('AbandonOrder', { orderId: 'o1' }, at(10))).then([abandoned]);
    spec.given([...held, abandoned]).when(request('o2', [slot('c1', 'restauration', monday)], at(11))).then([
      requested('o2', [canteen('c1', monday)], 100, at(11)),
    ]);
  });

  it('refuses ORDER_NOT_PENDING for a confirmed order or one past its hold, UNKNOWN_ORDER for an unknown one', () => {
    spec.given([...held, ...paid('o1', 'p1', 110)]).when(cmd('AbandonOrder', { orderId: 'o1' }, at(10))).thenFails('ORDER_NOT_PENDING');
    spec.given(held).when(cmd('AbandonOrder', { orderId: 'o1' }, at(60))).thenFails('ORDER_NOT_PENDING', (failure) =>
      expect(failure.details).toMatchObject({ status: 'expired' }),
    );
    spec.given(held).when(cmd('AbandonOrder', { orderId: 'o9' }, at(10))).thenFails('UNKNOWN_ORDER');
  });
});
