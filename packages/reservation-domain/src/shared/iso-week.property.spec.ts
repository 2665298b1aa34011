import fc from 'fast-check';
import { getISOWeek, getISOWeekYear } from 'date-fns';
import { datesBetween, fromEpochDay, isoWeekday, toEpochDay } from './iso-date';
import { isoWeekDates, isoWeekOf, weeksInIsoYear } from './iso-week';

const isoDate = fc.integer({ min: toEpochDay('1900-01-01'), max: toEpochDay('2200-12-31') }).map(fromEpochDay);
const isoWeek = fc
  .integer({ min: 1901, max: 2199 })
  .chain((year) => fc.integer({ min: 1, max: weeksInIsoYear(year) }).map((week) => `${year}-W${String(week).padStart(2, '0')}`));

describe('ISO week properties', () => {
  it('isoWeekOf agrees with date-fns on the week and its week-numbering year', () => {
    fc.assert(
      fc.property(isoDate, (date) => {
        const [y, m, d] = date.split('-').map(Number);
        const localNoon = new Date(y, m - 1, d, 12); // date-fns reads the host's local calendar
        expect(isoWeekOf(date)).toBe(`${getISOWeekYear(localNoon)}-W${String(getISOWeek(localNoon)).padStart(2, '0')}`);
      }),
    );
  });

  it('a date sits in its week at the place of its weekday', () => {
    fc.assert(
      fc.property(isoDate, (date) => {
        expect(isoWeekDates(isoWeekOf(date))[isoWeekday(date) - 1]).toBe(date);
      }),
    );
  });

  it('every date of a week belongs to that week, Monday to Sunday consecutive', () => {
    fc.assert(
      fc.property(isoWeek, (week) => {
        const dates = isoWeekDates(week);
        expect(dates.map(isoWeekOf)).toEqual(Array(7).fill(week));
        expect(dates.map(isoWeekday)).toEqual([1, 2, 3, 4, 5, 6, 7]);
        expect(datesBetween(dates[0], dates[6])).toEqual(dates);
      }),
    );
  });
});
