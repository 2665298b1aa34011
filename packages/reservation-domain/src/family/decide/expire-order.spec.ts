import { familyCommand as cmd, FamilyHistory } from '../../testing';
import type { FamilyEvent } from '../family.events';
import { at, base, canteen, decider, goodwill, monday, paid, requested, spec } from './family-decider.fixture';

describe('ExpireOrder (R6)', () => {
  const held = [...base, goodwill('g1', 100), requested('o1', [canteen('c1', monday)], 100)];
  const timedOut: FamilyEvent = { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(60), reason: 'timeout', creditReleasedCents: 100 } };

  it('refuses ORDER_NOT_EXPIRED before expiresAt, expires at expiresAt and returns the held credit', () => {
    spec.given(held).when(cmd('ExpireOrder', { orderId: 'o1' }, at(59))).thenFails('ORDER_NOT_EXPIRED');
    spec.given(held).when(cmd('ExpireOrder', { orderId: 'o1' }, at(90))).then([timedOut]);
    const after = new FamilyHistory(decider, [...held, timedOut]).state;
    expect(after.balanceCents).toBe(100);
    expect(after.heldCents).toBe(0);
    expect(after.slots.size).toBe(0);
  });

  it('an order already expired changes nothing; a confirmed one is ORDER_NOT_PENDING; an unknown one UNKNOWN_ORDER', () => {
    spec.given([...held, timedOut]).when(cmd('ExpireOrder', { orderId: 'o1' }, at(90))).thenNothingHappened();
    spec.given([...held, ...paid('o1', 'p1', 110)]).when(cmd('ExpireOrder', { orderId: 'o1' }, at(90))).thenFails('ORDER_NOT_PENDING');
    spec.given(held).when(cmd('ExpireOrder', { orderId: 'o9' }, at(90))).thenFails('UNKNOWN_ORDER');
  });
});
