import * as E from 'fp-ts/Either';
import { demoCatalog, demoMunicipality, loadCatalog, withClosures, type Catalog } from '../../catalog';
import { creditAccountView } from '../../projections';
import { defined, demoDates, familyCommand as cmd, FamilyHistory, slot } from '../../testing';
import { createFamilyDecider } from '../family.decide';
import type { FamilyEvent } from '../family.events';
import {
  at,
  base,
  canteen,
  decider,
  enrolled,
  F,
  friday,
  goodwill,
  monday,
  now,
  request,
  requested,
  reservedMonTue,
  spec,
  specFor,
  thursday,
  tuesday,
  wednesday,
} from './family-decider.fixture';

const { holiday, beforeSchoolYear } = demoDates;

describe('RequestReservation', () => {
  describe('R2 bookable slots, R3 prices, R4 the request', () => {
    it('records the request with frozen prices, totals and the hold (R3, R4)', () => {
      spec
        .given(base)
        .when(request('o1', [slot('c1', 'restauration', monday), slot('c1', 'accueil-soir', monday), slot('c1', 'mercredi', wednesday)]))
        .then([
          requested('o1', [
            canteen('c1', monday),
            { childId: 'c1', activityId: 'accueil-soir', date: monday, unitPriceCents: 216, tariff: { effectiveFrom: '2026-09-01', bracket: 'taux-effort' } },
            { childId: 'c1', activityId: 'mercredi', date: wednesday, unitPriceCents: 800, tariff: { effectiveFrom: '2026-09-01', bracket: 'qf<=700' } },
          ]),
        ]);
    });

    it('prices with the highest price without a QF, the non-resident price, the sibling rank and the grid of the date (R3)', () => {
      spec.given(base).when(request('o1', [slot('c1', 'restauration', monday)], now, { quotientFamilial: null })).then([
        requested('o1', [canteen('c1', monday, 490, 'no-qf')]),
      ]);
      const nonResident: FamilyEvent = { type: 'FamilyRegistered', data: { familyId: F, resident: false, registeredAt: now } };
      spec.given([nonResident, enrolled('c1', 1)]).when(request('o1', [slot('c1', 'restauration', monday)])).then([
        requested('o1', [canteen('c1', monday, 650, 'non-resident')]),
      ]);
      spec
        .given([...base, enrolled('c2', 2), enrolled('c3', 3)])
        .when(request('o1', [slot('c3', 'restauration', monday)]))
        .then([requested('o1', [canteen('c3', monday, 105, 'qf<=700+rank3-50%')])]);
      spec.given(base).when(request('o1', [slot('c1', 'restauration', '2027-01-04')])).then([
        requested('o1', [canteen('c1', '2027-01-04', 214, 'qf<=700', '2027-01-01')]),
      ]);
    });

    it('refuses every slot that is not bookable, naming each one (R2)', () => {
      const failure = spec
        .given([...base, enrolled('c2', 2, ['mercredi'])])
        .when(
          request('o1', [
            slot('c1', 'restauration', monday),
            slot('c9', 'restauration', monday),
            slot('c2', 'restauration', monday),
            slot('c1', 'restauration', wednesday),
          ]),
        )
        .thenFails('UNKNOWN_CHILD');
      expect((failure.details as { code: string }[]).map((problem) => problem.code)).toEqual(['UNKNOWN_CHILD', 'NOT_ENROLLED', 'NOT_SERVED']);
    });

    it.each([
      ['UNKNOWN_ACTIVITY', slot('c1', 'piscine', monday)],
      ['NOT_ENROLLED', slot('c1', 'accueil-matin', monday)],
      ['NOT_SERVED', slot('c1', 'restauration', wednesday)],
      ['OUTSIDE_SCHOOL_YEAR', slot('c1', 'restauration', beforeSchoolYear)],
      ['OUTSIDE_SCHOOL_YEAR', slot('c1', 'restauration', '2027-07-05')],
      ['DAY_CLOSED', slot('c1', 'restauration', holiday)],
      ['DEADLINE_PASSED', slot('c1', 'restauration', '2026-09-08')],
    ] as const)('refuses %s', (code, badSlot) => {
      spec.given(base).when(request('o1', [badSlot])).thenFails(code);
    });

    it('refuses DAY_CLOSED for a day the municipality closed at run time', () => {
      const closed = withClosures(demoCatalog, [{ activityId: 'restauration', date: monday, reason: 'Grève' }]);
      specFor(createFamilyDecider({ catalog: closed, holdMinutes: 60 }))
        .given(base)
        .when(request('o1', [slot('c1', 'restauration', monday)]))
        .thenFails('DAY_CLOSED');
    });

    it('accepts up to the deadline instant included and refuses a millisecond later (R2)', () => {
      const deadline = demoDates.canteenDeadlineW38;
      const afterDeadline = new Date(Date.parse(deadline) + 1).toISOString();
      spec.given(base).when(request('o1', [slot('c1', 'restauration', monday)], deadline)).then((events) => expect(events).toHaveLength(1));
      spec.given(base).when(request('o1', [slot('c1', 'restauration', monday)], afterDeadline)).thenFails('DEADLINE_PASSED');
    });

    it('refuses EMPTY_REQUEST and DUPLICATE_SLOT', () => {
      spec.given(base).when(request('o1', [])).thenFails('EMPTY_REQUEST');
      spec.given(base).when(request('o1', [slot('c1', 'restauration', monday), slot('c1', 'restauration', monday)])).thenFails('DUPLICATE_SLOT');
    });

    it('refuses SLOT_TAKEN for a slot already reserved or pending', () => {
      spec.given(reservedMonTue).when(request('o2', [slot('c1', 'restauration', monday)])).thenFails('SLOT_TAKEN');
      spec
        .given([...base, requested('o1', [canteen('c1', thursday)])])
        .when(request('o2', [slot('c1', 'restauration', friday), slot('c1', 'restauration', thursday)]))
        .thenFails('SLOT_TAKEN', (failure) =>
          expect(failure.details).toEqual([expect.objectContaining({ date: thursday, code: 'SLOT_TAKEN' })]),
        );
    });

    it('refuses NO_TARIFF when no grid is in force on the date', () => {
      const file = JSON.parse(JSON.stringify(demoMunicipality)) as { activities: { id: string; tariffs: { effectiveFrom: string }[] }[] };
      defined(file.activities.find((a) => a.id === 'mercredi')).tariffs[0].effectiveFrom = '2026-10-01';
      const catalog = E.getOrElseW(() => {
        throw new Error('catalog');
      })(loadCatalog(file)) as Catalog;
      specFor(createFamilyDecider({ catalog, holdMinutes: 60 }))
        .given(base)
        .when(request('o1', [slot('c1', 'mercredi', wednesday)]))
        .thenFails('NO_TARIFF');
    });

    it('applies the credit balance: creditApplied = min(balance, total), amountDue = the rest (R4)', () => {
      spec.given([...base, goodwill('g1', 300)]).when(request('o1', [slot('c1', 'restauration', monday), slot('c1', 'restauration', tuesday)])).then([
        requested('o1', [canteen('c1', monday), canteen('c1', tuesday)], 300),
      ]);
      spec.given([...base, goodwill('g1', 1000)]).when(request('o1', [slot('c1', 'restauration', monday)])).then([
        requested('o1', [canteen('c1', monday)], 1000),
      ]);
    });

    it('the same orderId with the same slots changes nothing; with other slots it is ID_CONFLICT', () => {
      const given = [...base, requested('o1', [canteen('c1', monday), canteen('c1', tuesday)])];
      spec.given(given).when(request('o1', [slot('c1', 'restauration', tuesday), slot('c1', 'restauration', monday)])).thenNothingHappened();
      spec.given(given).when(request('o1', [slot('c1', 'restauration', thursday)])).thenFails('ID_CONFLICT');
    });

    it('refuses a reservation whose total is above the maximum amount (R1, R11)', () => {
      const town = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60, maxAmountCents: 300 });
      specFor(town)
        .given(base)
        .when(request('o1', [slot('c1', 'restauration', monday), slot('c1', 'restauration', tuesday)]))
        .thenFails('AMOUNT_OUT_OF_BOUNDS');
      specFor(town).given(base).when(request('o1', [slot('c1', 'restauration', monday)])).then([requested('o1', [canteen('c1', monday)])]);
    });
  });

  describe('R6 the hold', () => {
    const held = [...base, goodwill('g1', 100), requested('o1', [canteen('c1', monday)], 100)];

    it('first expires the orders whose hold is over, freeing their slots and credit', () => {
      spec.given(held).when(request('o2', [slot('c1', 'restauration', monday)], at(61))).then([
        { type: 'ReservationExpired', data: { orderId: 'o1', expiredAt: at(60), reason: 'timeout', creditReleasedCents: 100 } },
        requested('o2', [canteen('c1', monday)], 100, at(61)),
      ]);
    });

    it('uses the configured hold', () => {
      const short = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 15 });
      specFor(short)
        .given(base)
        .when(request('o1', [slot('c1', 'restauration', monday)]))
        .then(([event]) => expect(event.type === 'ReservationRequested' && event.data.expiresAt).toBe(at(15)));
    });
  });

  describe('R10 credit balance', () => {
    it('applies credits oldest first and never lets the balance go below zero', () => {
      const history = new FamilyHistory(decider, [...base, goodwill('g1', 150, '2026-09-02T08:00:00.000Z'), goodwill('g2', 500, '2026-09-03T08:00:00.000Z')]);
      history.run(request('o1', [slot('c1', 'restauration', monday)]));
      const credits = creditAccountView(history.state, now).credits;
      expect(credits.map((c) => [c.creditId, c.remainingCents])).toEqual([
        ['g1', 0],
        ['g2', 440],
      ]);
      history.run(request('o2', [slot('c1', 'mercredi', wednesday)], at(1)));
      expect(history.state.balanceCents).toBe(0);
      expect(history.state.orders.get('o2')).toMatchObject({ totalCents: 800, creditAppliedCents: 440, amountDueCents: 360 });
      history.run(cmd('AbandonOrder', { orderId: 'o1' }, at(2)));
      // The released credit goes back to the lot it came from, keeping the oldest-first order.
      expect(creditAccountView(history.state, at(2)).credits.map((c) => [c.creditId, c.remainingCents])).toEqual([
        ['g1', 150],
        ['g2', 60],
      ]);
    });
  });
});
