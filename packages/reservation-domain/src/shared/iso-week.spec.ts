import { isoWeekDates, isoWeekOf, IsoWeekSchema, weeksInIsoYear } from './iso-week';

describe('ISO weeks', () => {
  it('gives the 7 dates of a week, Monday first', () => {
    expect(isoWeekDates('2026-W50')).toEqual(['2026-12-07', '2026-12-08', '2026-12-09', '2026-12-10', '2026-12-11', '2026-12-12', '2026-12-13']);
    expect(isoWeekDates('2026-W01')[0]).toBe('2025-12-29');
  });

  it('has a week 53 in 2026 (a year starting on a Thursday), holding 2027-01-01', () => {
    expect(weeksInIsoYear(2026)).toBe(53);
    expect(weeksInIsoYear(2027)).toBe(52);
    expect(weeksInIsoYear(2020)).toBe(53);
    expect(isoWeekDates('2026-W53')).toEqual(['2026-12-28', '2026-12-29', '2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02', '2027-01-03']);
    expect(isoWeekOf('2027-01-01')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-03')).toBe('2026-W53');
    expect(isoWeekOf('2027-01-04')).toBe('2027-W01');
  });

  it('uses the week-numbering year, not the calendar year', () => {
    expect(isoWeekOf('2025-12-29')).toBe('2026-W01');
    expect(isoWeekOf('2024-12-30')).toBe('2025-W01');
    expect(isoWeekOf('2021-01-03')).toBe('2020-W53');
    expect(isoWeekOf('2026-09-01')).toBe('2026-W36');
  });

  it('refuses weeks that do not exist', () => {
    expect(IsoWeekSchema.safeParse('2026-W53').success).toBe(true);
    for (const week of ['2027-W53', '2026-W00', '2026-W54', '2026-W5', '2026W50', '2026-w50']) {
      expect(IsoWeekSchema.safeParse(week).success).toBe(false);
      expect(() => isoWeekDates(week)).toThrow(expect.objectContaining({ code: 'INVALID_WEEK' }));
    }
  });
});
