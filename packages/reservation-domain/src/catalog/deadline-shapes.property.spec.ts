import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { addDays, datesBetween, fromEpochDay, isoWeekday, toEpochDay } from '../shared/iso-date';
import type { Catalog, DeadlineRule, SingleDeadlineRule } from './catalog.types';
import { cancellationDeadline, reservationDeadline, serviceStart } from './deadline';
import { catalogFrom, testMunicipalityFile } from './municipality-file.fixture';

// Same-day deadlines, skipped weekdays and per-weekday rules, in zones with odd clock changes.
const TIME_ZONES = ['Europe/Paris', 'America/Santiago', 'Pacific/Auckland', 'America/Havana', 'Australia/Lord_Howe', 'UTC'];
const hhmm = (h: number, m: number) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`;
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => hhmm(h, m));
/** A start of service from 00:01 and a same-day time strictly before it. */
const startAndSameDayBetween = (latestStart: number) => fc.integer({ min: 1, max: latestStart }).chain((start) => fc.integer({ min: 0, max: start - 1 }).map((before) => [hhmm(Math.floor(start / 60), start % 60), hhmm(Math.floor(before / 60), before % 60)] as const));
const startAndSameDay = startAndSameDayBetween(23 * 60 + 59);
/** Both before 04:00, where the spring-forward gaps of these zones are. */
const startAndSameDayAtNight = startAndSameDayBetween(4 * 60);
const skipWeekdays = fc.subarray([1, 2, 3, 4, 5], { maxLength: 4 });
const START = toEpochDay('2026-09-01');
const END = toEpochDay('2027-07-03');
const schoolDate = fc.integer({ min: START, max: END }).map(fromEpochDay);
const closedDates = fc.array(
  fc.tuple(fc.integer({ min: START - 30, max: END }), fc.integer({ min: 0, max: 16 })).map(([from, length]) => ({ from: fromEpochDay(from), to: fromEpochDay(from + length), label: 'Férié' })),
  { maxLength: 6 },
);
const singleRule = (sameDayTime: string): fc.Arbitrary<SingleDeadlineRule> =>
  fc.oneof(
    fc.constant({ daysBefore: 0, time: sameDayTime, workingDays: false }),
    fc.record({ daysBefore: fc.integer({ min: 1, max: 10 }), time, workingDays: fc.constant(true), skipWeekdays }),
    fc.record({ daysBefore: fc.integer({ min: 1, max: 10 }), time, workingDays: fc.boolean() }),
    fc.record({ weekly: fc.record({ weekday: fc.integer({ min: 1, max: 7 }), time }) }),
  );
/** A start time, and a deadline rule (one for all days or one per weekday) valid with it. */
const startAndRule: fc.Arbitrary<readonly [string, DeadlineRule]> = startAndSameDay.chain(([start, sameDay]) =>
  fc.oneof(
    singleRule(sameDay),
    fc.tuple(...[1, 2, 3, 4, 5, 6, 7].map(() => singleRule(sameDay))).map((rules) => ({ byWeekday: Object.fromEntries(rules.map((rule, i) => [String(i + 1), rule])) })),
  ).map((rule) => [start, rule] as const),
);

function catalogWith(startTime: string, deadline: DeadlineRule, timezone: string, closed: { from: string; to: string; label: string }[]): Catalog {
  return catalogFrom(
    testMunicipalityFile({
      timezone,
      closedDates: closed,
      activities: [{ id: 'garderie', label: 'Garderie', weekdays: [1, 2, 3, 4, 5, 6, 7], startTime, deadline, cancellationDeadline: deadline, tariffs: [{ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: [{ maxQf: null, priceCents: 300 }] }] }],
    }),
  );
}

function localDate(instant: string, timeZone: string): string {
  const local = new TZDate(Date.parse(instant), timeZone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
}

describe('deadline shapes — properties', () => {
  it("no deadline, of any shape, in any time zone, across any clock change, is after its day's service starts", () => {
    fc.assert(
      fc.property(startAndRule, fc.constantFrom(...TIME_ZONES), closedDates, schoolDate, ([start, rule], timezone, closed, date) => {
        const catalog = catalogWith(start, rule, timezone, closed);
        const startsAt = Date.parse(serviceStart(catalog, 'garderie', date));
        expect(Date.parse(reservationDeadline(catalog, 'garderie', date))).toBeLessThan(startsAt);
        expect(Date.parse(cancellationDeadline(catalog, 'garderie', date))).toBeLessThan(startsAt);
      }),
      { numRuns: 400 },
    );
  });

  it('on the days of a clock change, a same-day deadline is still before the service starts', () => {
    // Paris, Santiago, Auckland, Havana and Lord Howe change their clocks on these days.
    const changeDays = ['2026-10-25', '2027-03-28', '2026-09-06', '2027-04-04', '2026-09-27', '2026-11-01', '2027-03-14', '2026-10-04'];
    fc.assert(
      fc.property(startAndSameDayAtNight, fc.constantFrom(...TIME_ZONES), fc.constantFrom(...changeDays), ([start, sameDay], timezone, date) => {
        const catalog = catalogWith(start, { daysBefore: 0, time: sameDay, workingDays: false }, timezone, []);
        const deadline = reservationDeadline(catalog, 'garderie', date);
        const startMs = Date.parse(serviceStart(catalog, 'garderie', date));
        expect(Date.parse(deadline)).toBeLessThan(startMs);
        // On its own day — unless the day has no instant before the service starts (Santiago's
        // 6 September 2026 begins at 01:00, a 01:00 start): then the instant just before it.
        if (localDate(deadline, timezone) !== date) expect(Date.parse(deadline)).toBe(startMs - 1);
      }),
      { numRuns: 1000 },
    );
  });

  it('skipped weekdays: the closing day is a working day of the rule, with exactly N of them from it to the day before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 8 }), skipWeekdays, fc.constantFrom(...TIME_ZONES), closedDates, schoolDate, (daysBefore, skipped, timezone, closed, date) => {
        const catalog = catalogWith('23:59', { daysBefore, time: '12:00', workingDays: true, skipWeekdays: skipped }, timezone, closed);
        const closingDate = localDate(reservationDeadline(catalog, 'garderie', date), timezone);
        const isWorking = (d: string) => isoWeekday(d) <= 5 && !skipped.includes(isoWeekday(d)) && !closed.some((c) => c.from <= d && d <= c.to);
        expect(isWorking(closingDate)).toBe(true);
        expect(datesBetween(closingDate, addDays(date, -1)).filter(isWorking)).toHaveLength(daysBefore);
      }),
      { numRuns: 300 },
    );
  });

  it("a per-weekday rule closes each day exactly as that weekday's rule alone would", () => {
    fc.assert(
      fc.property(startAndRule, fc.constantFrom(...TIME_ZONES), closedDates, schoolDate, ([start, rule], timezone, closed, date) => {
        if (!('byWeekday' in rule)) return;
        const own = rule.byWeekday[String(isoWeekday(date)) as '1'];
        if (!own) throw new Error('every weekday has a rule here');
        const alone = catalogWith(start, own, timezone, closed);
        expect(reservationDeadline(catalogWith(start, rule, timezone, closed), 'garderie', date)).toBe(reservationDeadline(alone, 'garderie', date));
      }),
      { numRuns: 200 },
    );
  });
});
