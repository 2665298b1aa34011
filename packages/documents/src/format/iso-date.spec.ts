import { daysInMonth, epochDayOf, isoDateOfEpochDay, isoWeekdayOfEpochDay, monthsOfPeriod, parseIsoDate } from './iso-date';

describe('ISO calendar dates', () => {
  it('accepts real dates only', () => {
    expect(parseIsoDate('2026-12-01')).toBe(Date.UTC(2026, 11, 1) / 86_400_000);
    for (const bad of ['2026-02-29', '2026-13-01', '2026-00-10', '2026-1-1', '01/12/2026', '2026-12-01T00:00:00Z', '']) {
      expect(parseIsoDate(bad)).toBeNull();
    }
    expect(parseIsoDate('2028-02-29')).not.toBeNull();
  });

  it('gives ISO weekdays, Monday = 1', () => {
    expect(isoWeekdayOfEpochDay(epochDayOf('2026-12-01'))).toBe(2); // mardi
    expect(isoWeekdayOfEpochDay(epochDayOf('2026-12-06'))).toBe(7); // dimanche
    expect(isoWeekdayOfEpochDay(epochDayOf('1969-12-29'))).toBe(1); // before the epoch
  });

  it('round-trips epoch days', () => {
    for (const date of ['1970-01-01', '2025-09-01', '2028-02-29', '2099-12-31']) {
      expect(isoDateOfEpochDay(epochDayOf(date))).toBe(date);
    }
  });

  it('lists the months a period touches and their lengths', () => {
    expect(monthsOfPeriod('2025-09-01', '2026-07-04').map((m) => `${m.year}-${m.month}`)).toEqual([
      '2025-9', '2025-10', '2025-11', '2025-12', '2026-1', '2026-2', '2026-3', '2026-4', '2026-5', '2026-6', '2026-7',
    ]);
    expect(monthsOfPeriod('2026-12-01', '2026-12-01')).toEqual([{ year: 2026, month: 12 }]);
    expect(daysInMonth({ year: 2026, month: 2 })).toBe(28);
    expect(daysInMonth({ year: 2028, month: 2 })).toBe(29);
    expect(daysInMonth({ year: 2026, month: 12 })).toBe(31);
  });
});
