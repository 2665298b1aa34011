import { addDays, datesBetween, fromEpochDay, IsoDateSchema, isIsoDate, isoWeekday, toEpochDay } from './iso-date';

describe('IsoDate', () => {
  it.each(['2026-09-01', '2028-02-29', '2000-02-29', '1000-01-01', '9999-12-31'])('accepts %s', (date) => {
    expect(isIsoDate(date)).toBe(true);
    expect(IsoDateSchema.safeParse(date).success).toBe(true);
  });

  it.each(['2026-02-29', '1900-02-29', '2026-13-01', '2026-00-10', '2026-04-31', '2026-9-1', '26-09-01', '0999-01-01', '2026-09-01T00:00:00Z', ''])(
    'refuses %p',
    (date) => {
      expect(isIsoDate(date)).toBe(false);
      expect(IsoDateSchema.safeParse(date).success).toBe(false);
      expect(() => toEpochDay(date)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
    },
  );

  it('counts epoch days from 1970-01-01', () => {
    expect(toEpochDay('1970-01-01')).toBe(0);
    expect(toEpochDay('2026-09-01')).toBe(Date.UTC(2026, 8, 1) / 86_400_000);
    expect(fromEpochDay(Date.UTC(2027, 6, 3) / 86_400_000)).toBe('2027-07-03');
  });

  it('knows ISO weekdays', () => {
    expect(isoWeekday('2026-09-01')).toBe(2); // mardi de la rentrée
    expect(isoWeekday('2026-10-25')).toBe(7);
    expect(isoWeekday('2027-01-01')).toBe(5);
    expect(isoWeekday('2027-03-29')).toBe(1); // lundi de Pâques
  });

  it('adds days across months, years and leap days, whatever the DST', () => {
    expect(addDays('2026-10-24', 2)).toBe('2026-10-26');
    expect(addDays('2027-03-27', 2)).toBe('2027-03-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2028-03-01', -1)).toBe('2028-02-29');
    expect(addDays('2026-09-01', 0)).toBe('2026-09-01');
    expect(() => addDays('2026-09-01', 1.5)).toThrow(expect.objectContaining({ code: 'INVALID_DATE' }));
  });

  it('lists the dates between two dates, both included', () => {
    expect(datesBetween('2026-12-30', '2027-01-02')).toEqual(['2026-12-30', '2026-12-31', '2027-01-01', '2027-01-02']);
    expect(datesBetween('2026-09-01', '2026-09-01')).toEqual(['2026-09-01']);
    expect(datesBetween('2026-09-02', '2026-09-01')).toEqual([]);
  });
});
