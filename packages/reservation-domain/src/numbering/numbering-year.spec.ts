import { InvalidArgumentError } from '../shared/invalid-argument.error';
import { numberingYearOf } from './numbering-year';

describe('the year a document is numbered in (R8)', () => {
  it('is the calendar year of its source in the municipality time zone', () => {
    expect(numberingYearOf('2026-12-31T23:30:00Z', 'Europe/Paris')).toBe(2027);
    expect(numberingYearOf('2026-12-31T22:59:59Z', 'Europe/Paris')).toBe(2026);
    expect(numberingYearOf('2026-12-31T23:30:00Z', 'UTC')).toBe(2026);
    expect(numberingYearOf(new Date('2027-01-01T00:00:00Z'), 'America/Cayenne')).toBe(2026);
  });

  it('refuses what is not an instant', () => {
    expect(() => numberingYearOf('not a date', 'UTC')).toThrow(InvalidArgumentError);
  });
});
