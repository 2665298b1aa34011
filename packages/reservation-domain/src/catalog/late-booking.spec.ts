import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import { createFamilyDecider, foldFamily, type FamilyCommand, type FamilyEvent } from '../family';
import { planningView } from '../projections/planning.projection';
import { quote } from '../projections/quote.projection';
import { DEFAULT_MAX_AMOUNT_CENTS } from '../shared/money';
import type { Catalog, LatePrice } from './catalog.types';
import { lateBookingLimit, reservationDeadline } from './deadline';
import { isLateBooking, latePriceCents } from './late-booking';
import { loadCatalog } from './load-catalog';
import { catalogFrom, testMunicipalityFile } from './municipality-file.fixture';
import { tariffReasons } from './tariff-reasons';

// A canteen booked « la veille à 10 h », taken late until 9:00 the same day at +50 % (Vailhauques),
// service at 11:45. Europe/Paris, CET in December: 2026-12-08 10:00 local is 09:00Z.
const DAY = '2026-12-08';
const DEADLINE = '2026-12-07T09:00:59.999Z';
const LIMIT = '2026-12-08T08:00:59.999Z';

function canteen(lateBooking?: { price: LatePrice; until: object }): Catalog {
  return catalogFrom(
    testMunicipalityFile({
      activities: [
        {
          id: 'restauration',
          label: 'Restauration scolaire',
          weekdays: [1, 2, 4, 5],
          startTime: '11:45',
          deadline: { daysBefore: 1, time: '10:00', workingDays: false },
          ...(lateBooking ? { lateBooking: lateBooking as never } : {}),
          tariffs: [{ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: [{ maxQf: 700, priceCents: 210 }, { maxQf: null, priceCents: 350 }] }],
        },
      ],
    }),
  );
}
const halfMore = canteen({ price: { surchargePercent: 50 }, until: { daysBefore: 0, time: '09:00' } });

function familyWithChild(catalog: Catalog) {
  const decider = createFamilyDecider({ catalog, holdMinutes: 60 });
  const events: FamilyEvent[] = [];
  const run = (command: FamilyCommand) => {
    const decided = decider.decide(command, foldFamily(events));
    if (E.isRight(decided)) events.push(...decided.right);
    return decided;
  };
  run({ type: 'RegisterFamily', data: { familyId: 'fam-1', resident: true }, metadata: { now: '2026-11-30T08:00:00.000Z' } });
  run({ type: 'EnrolChild', data: { childId: 'child-1', activityIds: ['restauration'] }, metadata: { now: '2026-11-30T08:00:00.000Z' } });
  const request = (now: string, orderId = 'order-1') =>
    run({ type: 'RequestReservation', data: { orderId, slots: [{ childId: 'child-1', activityId: 'restauration', date: DAY }], pricing: { quotientFamilial: 650 } }, metadata: { now } });
  return { request, state: () => foldFamily(events) };
}

describe('late booking', () => {
  it('opens after the reservation deadline and closes at the town’s hard limit', () => {
    expect(reservationDeadline(halfMore, 'restauration', DAY)).toBe(DEADLINE);
    expect(lateBookingLimit(halfMore, 'restauration', DAY)).toBe(LIMIT);
    expect(isLateBooking(halfMore, 'restauration', DAY, Date.parse(DEADLINE))).toBe(false);
    expect(isLateBooking(halfMore, 'restauration', DAY, Date.parse(DEADLINE) + 1)).toBe(true);
    expect(isLateBooking(halfMore, 'restauration', DAY, Date.parse(LIMIT))).toBe(true);
    expect(isLateBooking(halfMore, 'restauration', DAY, Date.parse(LIMIT) + 1)).toBe(false);
    expect(lateBookingLimit(canteen(), 'restauration', DAY)).toBeNull();
  });

  it('the decider accepts a late request at the late price and records why', () => {
    const family = familyWithChild(halfMore);
    const decided = family.request('2026-12-08T07:30:00.000Z');
    expect(E.isRight(decided)).toBe(true);
    const line = family.state().orders.get('order-1')?.lines[0];
    expect(line?.unitPriceCents).toBe(315); // 2,10 € + 50 %
    expect(line?.tariff).toEqual({ effectiveFrom: '2026-09-01', bracket: 'qf<=700+tardif-plus50%' });
    expect(tariffReasons(line?.tariff.bracket ?? '')).toEqual(['QF jusqu’à 700 €', 'tarif majoré — réservation tardive (+50 %)']);
  });

  it('the decider prices a request before the deadline normally', () => {
    const family = familyWithChild(halfMore);
    family.request('2026-12-07T09:00:30.000Z');
    expect(family.state().orders.get('order-1')?.lines[0]).toMatchObject({ unitPriceCents: 210, tariff: { bracket: 'qf<=700' } });
  });

  it('refuses DEADLINE_PASSED after the hard limit, and past the deadline in a town without late booking', () => {
    const late = familyWithChild(halfMore).request('2026-12-08T08:01:00.000Z');
    expect(E.isLeft(late) && late.left.code).toBe('DEADLINE_PASSED');
    const strict = familyWithChild(canteen()).request('2026-12-07T09:01:00.000Z');
    expect(E.isLeft(strict) && strict.left.code).toBe('DEADLINE_PASSED');
  });

  it('the planning shows the late price, the normal one and the hard limit before the parent confirms; the quote the same price', () => {
    const family = familyWithChild(halfMore);
    const at = (now: string) => {
      const view = planningView(halfMore, family.state(), '2026-W50', now, { quotientFamilial: 650 });
      if (E.isLeft(view)) throw new Error(view.left.message);
      return view.right.children[0].days[1].slots[0];
    };
    expect(at('2026-12-07T08:00:00.000Z')).toMatchObject({ status: 'free', priceCents: 210, reservationDeadline: DEADLINE, lateBookingUntil: LIMIT });
    expect(at('2026-12-07T08:00:00.000Z')).not.toHaveProperty('late');
    expect(at('2026-12-08T07:30:00.000Z')).toMatchObject({ status: 'free', priceCents: 315, late: true, normalPriceCents: 210, lateBookingUntil: LIMIT });
    expect(at('2026-12-08T08:30:00.000Z')).toMatchObject({ status: 'locked', priceCents: 210 });
    const quoted = quote(halfMore, family.state(), { reserve: [{ childId: 'child-1', activityId: 'restauration', date: DAY }], cancel: [], pricing: { quotientFamilial: 650 }, now: '2026-12-08T07:30:00.000Z' });
    expect(E.isRight(quoted) && quoted.right.reservation.totalCents).toBe(315);
  });

  it.each<[LatePrice, number, string]>([
    [{ surchargePercent: 100 }, 420, 'tarif majoré — réservation tardive (+100 %)'], // doubled
    [{ surchargeCents: 100 }, 310, 'tarif majoré — réservation tardive (+1,00 €)'], // La Tessoualle
    [{ priceCents: 500 }, 500, 'tarif majoré — réservation tardive'],
    [{ priceCents: 150 }, 210, 'tarif majoré — réservation tardive'], // a fixed late price below the normal one: the normal one
  ])('%p: 2,10 € costs %i cents late', (price, cents, reason) => {
    const family = familyWithChild(canteen({ price, until: { daysBefore: 0, time: '09:00' } }));
    family.request('2026-12-08T07:30:00.000Z');
    const line = family.state().orders.get('order-1')?.lines[0];
    expect(line?.unitPriceCents).toBe(cents);
    expect(tariffReasons(line?.tariff.bracket ?? '')).toContain(reason);
  });

  it('refuses a late price out of bounds and a same-day limit after the service starts, naming the path', () => {
    const refused = (lateBooking: object) => {
      const result = loadCatalog(testMunicipalityFile({ activities: [{ ...testMunicipalityFile().activities[0], startTime: '08:00', lateBooking } as never] }));
      return E.isLeft(result) ? result.left.message : 'loaded';
    };
    expect(refused({ price: { surchargePercent: 0 }, until: { daysBefore: 0, time: '07:00' } })).toContain('activities[0].lateBooking.price');
    expect(refused({ price: { surchargeCents: 100 }, until: { daysBefore: 0, time: '09:00' } })).toContain('activities[0].lateBooking.until.time: activity "garderie": a same-day deadline must be before the service starts');
    expect(refused({ price: { doubled: true }, until: { daysBefore: 0, time: '07:00' } })).toContain('Expected a late price');
  });
});

describe('late price — properties', () => {
  const latePrice: fc.Arbitrary<LatePrice> = fc.oneof(
    fc.record({ surchargePercent: fc.integer({ min: 1, max: 400 }) }),
    fc.record({ surchargeCents: fc.integer({ min: 1, max: DEFAULT_MAX_AMOUNT_CENTS }) }),
    fc.record({ priceCents: fc.integer({ min: 0, max: DEFAULT_MAX_AMOUNT_CENTS }) }),
  );

  it('is never below the normal price, always whole cents, never above the bound on a price', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: DEFAULT_MAX_AMOUNT_CENTS }), latePrice, (normal, price) => {
        const late = latePriceCents(normal, price);
        expect(Number.isInteger(late)).toBe(true);
        expect(late).toBeGreaterThanOrEqual(normal);
        expect(late).toBeLessThanOrEqual(DEFAULT_MAX_AMOUNT_CENTS);
      }),
      { numRuns: 2000 },
    );
  });

  it('a surcharge never makes a cheaper slot cost more late than a dearer one', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), fc.integer({ min: 0, max: 100_000 }), latePrice, (a, b, price) => {
        const [low, high] = a <= b ? [a, b] : [b, a];
        expect(latePriceCents(low, price)).toBeLessThanOrEqual(latePriceCents(high, price));
      }),
    );
  });
});
