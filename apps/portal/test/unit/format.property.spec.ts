import fc from 'fast-check';
import { loadFormat } from './portal-modules';

const f = loadFormat();
const dates = fc.date({ min: new Date('2000-01-01T00:00:00Z'), max: new Date('2060-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('format.js — ISO week properties', () => {
  it('every date lies in the 7 days of its own ISO week, Monday first', () => {
    fc.assert(
      fc.property(dates, (date) => {
        const days = f.isoWeekDates(f.isoWeekOf(date));
        return days.includes(date) && f.isoWeekday(days[0]) === 1 && days.length === 7;
      }),
      { numRuns: 500 },
    );
  });

  it('stepping a week forward then back returns the same week', () => {
    fc.assert(
      fc.property(dates, fc.integer({ min: -120, max: 120 }), (date, n) => {
        const week = f.isoWeekOf(date);
        return f.addWeeks(f.addWeeks(week, n), -n) === week && f.isIsoWeek(f.addWeeks(week, n));
      }),
      { numRuns: 300 },
    );
  });

  it('formats any integer amount back to the same number of cents', () => {
    fc.assert(
      fc.property(fc.integer({ min: -10_000_000, max: 10_000_000 }), (cents) => {
        const text = f.formatEuros(cents).replace(/[\u00a0\u202f€]/g, '');
        return Math.round(Number(text.replace(',', '.')) * 100) === cents;
      }),
      { numRuns: 300 },
    );
  });
});
