import { familyCommand as cmd } from '../../testing';
import type { FamilyEvent } from '../family.events';
import { at, base, canteen, confirmedByCredit, goodwill, monday, now, paid, requested, spec } from './family-decider.fixture';

describe('ConfirmWithCredit (« OK », R5)', () => {
  const covered = [...base, goodwill('g1', 500), requested('o1', [canteen('c1', monday)], 500)];
  const toPay = [...base, requested('o1', [canteen('c1', monday)])];
  const ok = cmd('ConfirmWithCredit', { orderId: 'o1' }, at(5));

  it('confirms an order fully covered by credit', () => {
    spec.given(covered).when(ok).then([confirmedByCredit('o1', at(5))]);
    // Another « OK » on the confirmed order is refused like any order no longer pending (retries of one request are the command loop's).
    spec.given([...covered, confirmedByCredit('o1')]).when(ok).thenFails('ORDER_NOT_PENDING');
  });

  it('is ACTION_NOT_ALLOWED on an order with something to pay', () => {
    spec.given(toPay).when(ok).thenFails('ACTION_NOT_ALLOWED', (failure) => expect(failure.details).toEqual({ action: 'pay' }));
  });

  it('refuses UNKNOWN_ORDER, and ORDER_NOT_PENDING once the hold is over (R6)', () => {
    spec.given(base).when(cmd('ConfirmWithCredit', { orderId: 'nope' }, now)).thenFails('UNKNOWN_ORDER');
    spec.given(covered).when(cmd('ConfirmWithCredit', { orderId: 'o1' }, at(60))).thenFails('ORDER_NOT_PENDING');
  });

  it('confirms at the request time at the earliest', () => {
    spec.given(covered).when(cmd('ConfirmWithCredit', { orderId: 'o1' }, at(-1))).then([confirmedByCredit('o1', now)]);
  });

  describe('racing an abandon of the same order (R5, R6)', () => {
    const abandon = cmd('AbandonOrder', { orderId: 'o1' }, at(5));
    const okEvents = [confirmedByCredit('o1', at(5))];
    const abandonEvents: FamilyEvent[] = [
      { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(5), reason: 'abandoned', creditReleasedCents: 210 } },
    ];

    it('each alone is accepted on the pending order', () => {
      spec.given(covered).when(ok).then(okEvents);
      spec.given(covered).when(abandon).then(abandonEvents);
    });

    it('the second decision on an order that already left awaiting confirmation is ORDER_NOT_PENDING, whichever path came first', () => {
      // What the command loop does on a conflict: the loser is decided again on the state the winner left.
      const cases: [FamilyEvent[], typeof ok | typeof abandon, 'confirmed' | 'expired'][] = [
        [okEvents, abandon, 'confirmed'],
        [okEvents, ok, 'confirmed'],
        [abandonEvents, ok, 'expired'],
        [abandonEvents, abandon, 'expired'],
      ];
      for (const [first, second, status] of cases) {
        spec.given([...covered, ...first]).when(second).thenFails('ORDER_NOT_PENDING', (failure) => expect(failure.details).toMatchObject({ status }));
        // A later request (another idempotency key) gets exactly the same answer.
        spec.given([...covered, ...first]).when({ ...second, metadata: { now: at(30) } }).thenFails('ORDER_NOT_PENDING');
      }
    });
  });

  it('a paid order is not confirmed again by « OK »', () => {
    spec.given([...toPay, ...paid('o1', 'p1', 210)]).when(ok).thenFails('ORDER_NOT_PENDING');
  });
});
