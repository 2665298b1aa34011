import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { demoCatalog } from '../../catalog';
import { familyCommand as cmd, FamilyHistory, playScenario, scenarioArb } from '../../testing';
import type { FamilyEvent } from '../family.events';
import { familyStateAt } from '../family.queries';
import { at, base, canteen, decider, F, goodwill, monday, now, requested, reservedMonTue, spec, thursday, tuesday } from './family-decider.fixture';
import { erasureBlockers, erasureBlockersAt } from './record-personal-data-erased';

describe('RecordPersonalDataErased (R17)', () => {
  const reason = 'Durée de conservation écoulée';
  const erase = (instant = now) => cmd('RecordPersonalDataErased', { reason }, instant);
  const erased = (instant = now): FamilyEvent => ({ type: 'PersonalDataErased', data: { familyId: F, erasedAt: instant, reason } });

  it('records the erasure of a settled family once; erasing again changes nothing, so a retry completes the deletion', () => {
    spec.given(base).when(erase()).then([erased()]);
    const history = new FamilyHistory(decider, base);
    history.run(erase());
    expect(history.state).toMatchObject({ status: 'registered', erasedAt: now });
    spec.given(history.events).when(erase(at(60))).thenNothingHappened();
    // Whatever happened to the family since: the erasure is on record.
    spec.given([...history.events, goodwill('g1', 100)]).when(erase(at(60))).thenNothingHappened();
  });

  it('refuses FAMILY_NOT_REGISTERED for a family never registered', () => {
    spec.given([]).when(erase()).thenFails('FAMILY_NOT_REGISTERED');
  });

  it('refuses ORDERS_PENDING while an order awaits payment or « OK », naming the orders', () => {
    spec
      .given([...base, requested('o1', [canteen('c1', thursday)])])
      .when(erase(at(5)))
      .thenFails('ORDERS_PENDING', (failure) => expect(failure.details).toEqual({ orderIds: ['o1'] }));
  });

  it('refuses CREDIT_BALANCE_NOT_ZERO while credit is left to refund (R15)', () => {
    spec
      .given([...base, goodwill('g1', 320)])
      .when(erase())
      .thenFails('CREDIT_BALANCE_NOT_ZERO', (failure) => expect(failure.details).toEqual({ balanceCents: 320 }));
  });

  it("refuses RESERVATIONS_UPCOMING while a reserved day is today or later in the town's time zone", () => {
    spec
      .given(reservedMonTue)
      .when(erase())
      .thenFails('RESERVATIONS_UPCOMING', (failure) => expect(failure.details).toEqual({ count: 2, firstDate: monday }));
    // Tuesday 23:59 in Paris is still Tuesday; a minute later it is Wednesday, while UTC still says Tuesday.
    spec
      .given(reservedMonTue)
      .when(erase('2026-09-15T21:59:00.000Z'))
      .thenFails('RESERVATIONS_UPCOMING', (failure) => expect(failure.details).toEqual({ count: 1, firstDate: tuesday }));
    spec.given(reservedMonTue).when(erase('2026-09-15T22:00:00.000Z')).then([erased('2026-09-15T22:00:00.000Z')]);
  });

  it('first records a lapsed hold (R6): its slots are free again, and the credit it held counts as balance', () => {
    const lapsing = [...base, requested('o1', [canteen('c1', thursday)])];
    spec.given(lapsing).when(erase(at(61))).then([
      { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(60), reason: 'timeout', creditReleasedCents: 0 } },
      erased(at(61)),
    ]);
    const holdingCredit = [...base, goodwill('g1', 100), requested('o1', [canteen('c1', thursday)], 100)];
    spec.given(holdingCredit).when(erase(at(61))).thenFails('CREDIT_BALANCE_NOT_ZERO', (failure) => expect(failure.details).toEqual({ balanceCents: 100 }));
    const state = spec.given(holdingCredit).state();
    if (state.status !== 'registered') throw new Error('registered expected');
    expect(erasureBlockersAt(state, at(59), demoCatalog.timezone).map((b) => b.code)).toEqual(['ORDERS_PENDING']) // the credit is held by the order;
    expect(erasureBlockersAt(state, at(61), demoCatalog.timezone).map((b) => b.code)).toEqual(['CREDIT_BALANCE_NOT_ZERO']);
  });

  it('erasureBlockers lists every blocker, in the order an agent settles them, for a screen to show before asking', () => {
    const busy = [...reservedMonTue, goodwill('g1', 500), requested('o2', [canteen('c1', thursday)], 500)];
    const state = familyStateAt(spec.given(busy).state(), now);
    expect(erasureBlockers(state, '2026-09-07').map((blocker) => [blocker.code, blocker.details])).toEqual([
      ['ORDERS_PENDING', { orderIds: ['o2'] }],
      ['CREDIT_BALANCE_NOT_ZERO', { balanceCents: 290 }],
      ['RESERVATIONS_UPCOMING', { count: 2, firstDate: monday }],
    ]);
    expect(erasureBlockers(spec.given(base).state(), '2026-09-07')).toEqual([]);
  });

  it('is accepted exactly when erasureBlockers finds nothing, on any history and at any later time', () => {
    const parisDate = new Intl.DateTimeFormat('en-CA', { timeZone: demoCatalog.timezone, year: 'numeric', month: '2-digit', day: '2-digit' });
    const outcomes = new Set<string>();
    fc.assert(
      fc.property(scenarioArb({ maxSteps: 25 }), fc.integer({ min: 0, max: 60 * 24 * 60 }), (scenario, minutesLater) => {
        const played = playScenario(decider, demoCatalog, scenario);
        const last = played.steps[played.steps.length - 1].command.metadata.now;
        const instant = new Date(Date.parse(last) + minutesLater * 60_000).toISOString();
        const blockers = erasureBlockers(familyStateAt(played.state, instant), parisDate.format(new Date(instant)));
        const decision = decider.decide(erase(instant), played.state);
        // What the back office shows before asking is what the command then finds.
        if (played.state.status === 'registered') expect(erasureBlockersAt(played.state, instant, demoCatalog.timezone)).toEqual(blockers);
        if (blockers.length === 0) expect(E.isRight(decision)).toBe(true);
        else expect(E.isLeft(decision) && decision.left).toEqual(blockers[0]);
        outcomes.add(blockers[0]?.code ?? 'erased');
      }),
      { numRuns: 80, seed: 20260907 },
    );
    expect([...outcomes].sort()).toEqual(['CREDIT_BALANCE_NOT_ZERO', 'ORDERS_PENDING', 'RESERVATIONS_UPCOMING', 'erased']);
  });
});
