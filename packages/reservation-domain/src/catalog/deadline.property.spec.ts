import { TZDate } from '@date-fns/tz';
import fc from 'fast-check';
import { addDays, datesBetween, fromEpochDay, isoWeekday, toEpochDay } from '../shared/iso-date';
import { isoWeekOf } from '../shared/iso-week';
import type { Catalog, DeadlineRule } from './catalog.types';
import { cancellationDeadline, reservationDeadline } from './deadline';
import { demoCatalog } from './demo-municipality';
import { catalogFrom, testMunicipalityFile } from './municipality-file.fixture';

/** Instant (ms) at which `date` starts in `timeZone`. */
function startOfLocalDay(date: string, timeZone: string): number {
  const [y, m, d] = date.split('-').map(Number);
  return new TZDate(y, m - 1, d, 0, 0, 0, 0, timeZone).getTime();
}

/** Local calendar date of an instant in `timeZone`. */
function localDate(instant: string, timeZone: string): string {
  const local = new TZDate(Date.parse(instant), timeZone);
  return `${local.getFullYear()}-${String(local.getMonth() + 1).padStart(2, '0')}-${String(local.getDate()).padStart(2, '0')}`;
}

const TIME_ZONES = ['Europe/Paris', 'America/Santiago', 'Pacific/Auckland', 'America/New_York', 'America/Havana', 'Australia/Lord_Howe', 'Asia/Tokyo', 'UTC'];
const time = fc.tuple(fc.integer({ min: 0, max: 23 }), fc.integer({ min: 0, max: 59 })).map(([h, m]) => `${String(h).padStart(2, '0')}:${String(m).padStart(2, '0')}`);
const rule: fc.Arbitrary<DeadlineRule> = fc.oneof(
  fc.record({ daysBefore: fc.integer({ min: 1, max: 15 }), time, workingDays: fc.boolean() }),
  fc.record({ weekly: fc.record({ weekday: fc.integer({ min: 1, max: 7 }), time }) }),
);
const START = toEpochDay('2026-09-01');
const END = toEpochDay('2027-07-03');
const schoolDate = fc.integer({ min: START, max: END }).map(fromEpochDay);
const closedDates = fc.array(
  fc.tuple(fc.integer({ min: START - 30, max: END }), fc.integer({ min: 0, max: 16 })).map(([from, length]) => ({ from: fromEpochDay(from), to: fromEpochDay(from + length), label: 'Fermé' })),
  { maxLength: 6 },
);

function catalogWith(deadline: DeadlineRule, timezone: string, closed: { from: string; to: string; label: string }[]): Catalog {
  return catalogFrom(
    testMunicipalityFile({
      timezone,
      closedDates: closed,
      activities: [{ id: 'garderie', label: 'Garderie', weekdays: [1, 2, 3, 4, 5, 6, 7], deadline, tariffs: [{ effectiveFrom: '2026-09-01', kind: 'brackets', brackets: [{ maxQf: null, priceCents: 300 }] }] }],
    }),
  );
}

describe('deadline properties', () => {
  it('no demo deadline falls after the start of the day it closes, on any date of the school year', () => {
    for (const activity of demoCatalog.activities) {
      for (const date of datesBetween(demoCatalog.schoolYear.start, demoCatalog.schoolYear.end)) {
        const start = startOfLocalDay(date, demoCatalog.timezone);
        expect(Date.parse(reservationDeadline(demoCatalog, activity.id, date))).toBeLessThan(start);
        expect(Date.parse(cancellationDeadline(demoCatalog, activity.id, date))).toBeLessThan(start);
      }
    }
  });

  it('no deadline of any rule, in any time zone, falls after the start of its day', () => {
    fc.assert(
      fc.property(rule, fc.constantFrom(...TIME_ZONES), closedDates, schoolDate, (deadlineRule, timezone, closed, date) => {
        const catalog = catalogWith(deadlineRule, timezone, closed);
        expect(Date.parse(reservationDeadline(catalog, 'garderie', date))).toBeLessThan(startOfLocalDay(date, timezone));
      }),
      { numRuns: 400 },
    );
  });

  it('a later day never closes earlier', () => {
    fc.assert(
      fc.property(rule, fc.constantFrom(...TIME_ZONES), closedDates, schoolDate, fc.integer({ min: 1, max: 20 }), (deadlineRule, timezone, closed, date, later) => {
        const catalog = catalogWith(deadlineRule, timezone, closed);
        expect(Date.parse(reservationDeadline(catalog, 'garderie', date))).toBeLessThanOrEqual(Date.parse(reservationDeadline(catalog, 'garderie', addDays(date, later))));
      }),
      { numRuns: 300 },
    );
  });

  it('a weekly rule closes all 7 days of week W at one instant, on its weekday of week W−1', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 7 }), time, fc.constantFrom(...TIME_ZONES), schoolDate, (weekday, hhmm, timezone, date) => {
        const catalog = catalogWith({ weekly: { weekday, time: hhmm } }, timezone, []);
        const deadline = reservationDeadline(catalog, 'garderie', date);
        const closingDate = localDate(deadline, timezone);
        expect(isoWeekOf(closingDate)).toBe(isoWeekOf(addDays(date, -7)));
        expect(isoWeekday(closingDate)).toBe(weekday);
        const monday = addDays(date, 1 - isoWeekday(date));
        for (let i = 0; i < 7; i++) expect(reservationDeadline(catalog, 'garderie', addDays(monday, i))).toBe(deadline);
      }),
      { numRuns: 200 },
    );
  });

  it('a working-days rule closes on a working day with exactly N working days from it to the day before', () => {
    fc.assert(
      fc.property(fc.integer({ min: 1, max: 10 }), fc.constantFrom(...TIME_ZONES), closedDates, schoolDate, (daysBefore, timezone, closed, date) => {
        const catalog = catalogWith({ daysBefore, time: '12:00', workingDays: true }, timezone, closed);
        const closingDate = localDate(reservationDeadline(catalog, 'garderie', date), timezone);
        const isWorking = (d: string) => isoWeekday(d) <= 5 && !closed.some((c) => c.from <= d && d <= c.to);
        expect(isWorking(closingDate)).toBe(true);
        expect(datesBetween(closingDate, addDays(date, -1)).filter(isWorking)).toHaveLength(daysBefore);
      }),
      { numRuns: 300 },
    );
  });
});
