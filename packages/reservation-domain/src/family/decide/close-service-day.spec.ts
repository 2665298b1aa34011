import { demoCatalog } from '../../catalog';
import { familyCommand as cmd, FamilyHistory } from '../../testing';
import { createFamilyDecider } from '../family.decide';
import type { FamilyEvent } from '../family.events';
import { slotKeyOf } from '../family.state';
import {
  at,
  base,
  canteen,
  decider,
  enrolled,
  F,
  goodwill,
  ledgerBalanced,
  monday,
  now,
  paid,
  requested,
  reservedMonTue,
  spec,
  specFor,
  thursday,
  tuesday,
} from './family-decider.fixture';

describe("CloseServiceDay (the family's side of R14)", () => {
  const close = (minutes = 10, cancellationId = 'k1', creditId = 'kc1', date = monday) =>
    cmd('CloseServiceDay', { activityId: 'restauration', date, reason: 'Grève', cancellationId, creditId }, at(minutes));
  const twoChildren = [
    ...base,
    enrolled('c2', 2),
    goodwill('g1', 50),
    requested('o1', [canteen('c1', monday), canteen('c2', monday), canteen('c1', tuesday)], 50),
    ...paid('o1', 'p1', 580),
  ];

  it('cancels every reservation of the day with full credit, whatever the deadline', () => {
    const afterCancellationDeadline = (Date.parse('2026-09-13T10:00:00.000Z') - Date.parse(now)) / 60_000;
    spec.given(twoChildren).when(close(afterCancellationDeadline)).then([
      {
        type: 'ReservationCancelled',
        data: {
          cancellationId: 'k1',
          familyId: F,
          lines: [
            { childId: 'c1', activityId: 'restauration', date: monday, orderId: 'o1', creditCents: 210 },
            { childId: 'c2', activityId: 'restauration', date: monday, orderId: 'o1', creditCents: 210 },
          ],
          totalCents: 420,
          cancelledAt: at(afterCancellationDeadline),
          reason: 'closure',
        },
      },
      { type: 'CreditIssued', data: { creditId: 'kc1', familyId: F, amountCents: 420, source: 'closure', sourceId: 'k1', issuedAt: at(afterCancellationDeadline) } },
    ]);
  });

  it('expires pending orders containing the day; nothing to do is no event; the same closure again changes nothing', () => {
    const pending = [...base, goodwill('g1', 50), requested('o1', [canteen('c1', monday), canteen('c1', tuesday)], 50)];
    spec.given(pending).when(close()).then([
      { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(10), reason: 'closure', creditReleasedCents: 50 } },
    ]);
    spec.given(pending).when(close(10, 'k1', 'kc1', thursday)).thenNothingHappened();
    const closed = new FamilyHistory(decider, twoChildren);
    closed.run(close());
    spec.given(closed.events).when(close(20)).thenNothingHappened();
    spec.given(closed.events).when(close(20, 'k1', 'kc9', tuesday)).thenFails('ID_CONFLICT');
    expect(ledgerBalanced(closed.events).balanceCents).toBe(420);
  });

  it('refuses an unknown activity', () => {
    spec
      .given(twoChildren)
      .when(cmd('CloseServiceDay', { activityId: 'piscine', date: monday, reason: 'Grève', cancellationId: 'k1', creditId: 'kc1' }, now))
      .thenFails('UNKNOWN_ACTIVITY');
  });

  it('credits in full whatever the maximum balance: the town closed the day and owes what was paid for it', () => {
    const town = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxBalanceCents: 300 });
    specFor(town)
      .given([...reservedMonTue, goodwill('g9', 250)])
      .when(close())
      .then((events) => expect(events.map((e) => e.type)).toEqual(['ReservationCancelled', 'CreditIssued']));
  });

  it('expires an order whose hold is over as timed out at its end, not as closed (R6)', () => {
    const lapsing = [...base, requested('o1', [canteen('c1', monday)]), ...paid('o1', 'p1', 210), goodwill('g1', 100), requested('o2', [canteen('c1', tuesday)], 100)];
    const lapsed: FamilyEvent = { type: 'ReservationExpired', data: { orderId: 'o2', expiredAt: at(60), reason: 'timeout', creditReleasedCents: 100 } };
    spec.given(lapsing).when(close(60, 'k1', 'kc1', tuesday)).then([lapsed]);
  });

  describe('for one school', () => {
    const schools = { c1: 'École Jules Ferry', c2: 'École Pasteur' };
    const closeFerry = (data: Record<string, unknown> = {}) =>
      cmd('CloseServiceDay', { activityId: 'restauration', date: monday, reason: 'Grève', cancellationId: 'k1', creditId: 'kc1', school: 'ecole jules ferry', schools, ...data }, at(10));

    it("cancels only the reservations of that school's children; the other child keeps the day", () => {
      spec.given(twoChildren).when(closeFerry()).then([
        {
          type: 'ReservationCancelled',
          data: {
            cancellationId: 'k1',
            familyId: F,
            lines: [{ childId: 'c1', activityId: 'restauration', date: monday, orderId: 'o1', creditCents: 210 }],
            totalCents: 210,
            cancelledAt: at(10),
            reason: 'closure',
          },
        },
        { type: 'CreditIssued', data: { creditId: 'kc1', familyId: F, amountCents: 210, source: 'closure', sourceId: 'k1', issuedAt: at(10) } },
      ]);
    });

    it('reaches no child whose school it was not given, and expires only the orders holding the day for a child of the school', () => {
      spec.given(twoChildren).when(closeFerry({ schools: { c2: 'École Pasteur' } })).thenNothingHappened();
      const pending = [...base, enrolled('c2', 2), requested('o1', [canteen('c2', monday)]), requested('o2', [canteen('c1', monday)])];
      spec.given(pending).when(closeFerry()).then([{ type: 'ReservationExpired', data: { orderId: 'o2', expiredAt: at(10), reason: 'closure', creditReleasedCents: 0 } }]);
    });

    it('replays the same without the schools: the events name what was cancelled (R17)', () => {
      const closed = new FamilyHistory(decider, twoChildren);
      closed.run(closeFerry());
      const replayed = new FamilyHistory(decider, closed.events);
      expect(replayed.state).toEqual(closed.state);
      expect(replayed.state.slots.has(slotKeyOf('c2', 'restauration', monday))).toBe(true);
      expect(replayed.state.slots.has(slotKeyOf('c1', 'restauration', monday))).toBe(false);
      expect(JSON.stringify(closed.events)).not.toContain('Ferry');
      spec.given(closed.events).when(closeFerry()).thenNothingHappened();
    });

    it.each([
      ['an empty school', { school: '  ' }],
      ['a school of 201 characters', { school: 'x'.repeat(201) }],
      ['schools that are not names', { schools: { c1: 3 } }],
    ])('refuses %s', (_, data) => {
      spec.given(twoChildren).when(closeFerry(data)).thenFails('INVALID_COMMAND');
    });
  });
});
