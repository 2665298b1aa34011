import { DocumentInputError } from '../document-input-error';
import { formatInstant, formatLongDate, formatMonth, formatShortDate, isValidTimeZone, parseInstant } from './date-format';

describe('French dates', () => {
  it('writes a calendar date in full, without any time zone effect', () => {
    expect(formatLongDate('2026-12-01')).toBe('mardi 1 décembre 2026');
    expect(formatLongDate('2026-02-28')).toBe('samedi 28 février 2026');
    expect(formatLongDate('2028-02-29')).toBe('mardi 29 février 2028');
  });

  it('shows instants in the given time zone, winter and summer time', () => {
    expect(formatInstant('2026-11-24T13:30:05Z', 'Europe/Paris')).toBe('mardi 24 novembre 2026 à 14:30');
    expect(formatInstant('2026-07-04T16:00:00Z', 'Europe/Paris')).toBe('samedi 4 juillet 2026 à 18:00');
    expect(formatInstant('2026-07-04T16:00:00+02:00', 'Europe/Paris')).toBe('samedi 4 juillet 2026 à 16:00');
    // The same instant, another municipality's time zone (La Réunion, UTC+4): the day changes.
    expect(formatInstant('2026-11-24T22:30:00Z', 'Indian/Reunion')).toBe('mercredi 25 novembre 2026 à 02:30');
  });

  it('keeps midnight as 00:00, not 24:00', () => {
    expect(formatInstant('2026-11-24T23:00:00Z', 'Europe/Paris')).toBe('mercredi 25 novembre 2026 à 00:00');
  });

  it('names months and short dates', () => {
    expect(formatMonth({ year: 2025, month: 9 })).toBe('septembre 2025');
    expect(formatMonth({ year: 2026, month: 8 })).toBe('août 2026');
    expect(formatShortDate('2025-09-01')).toBe('01/09/2025');
  });

  it('accepts only ISO instants with an explicit offset', () => {
    expect(parseInstant('2026-11-24T13:30:05.123Z')).toBe(Date.UTC(2026, 10, 24, 13, 30, 5, 123));
    expect(parseInstant('2026-11-24T14:30+01:00')).toBe(Date.UTC(2026, 10, 24, 13, 30));
    for (const bad of ['2026-11-24T13:30:05', '2026-11-24', 'mardi', '', 12, null, '2026-13-40T10:00:00Z']) {
      expect(parseInstant(bad)).toBeNull();
    }
  });

  it('refuses what is not a date, an instant or a time zone with a coded error', () => {
    expect(() => formatLongDate('2026-02-30')).toThrow(DocumentInputError);
    expect(() => formatInstant('2026-11-24 13:30', 'Europe/Paris')).toThrow(DocumentInputError);
    expect(() => formatInstant('2026-11-24T13:30:00Z', 'Europe/Nowhere')).toThrow(expect.objectContaining({ code: 'INVALID_DOCUMENT_INPUT' }));
  });

  it('knows which time zones exist', () => {
    expect(isValidTimeZone('Europe/Paris')).toBe(true);
    expect(isValidTimeZone('America/Cayenne')).toBe(true);
    expect(isValidTimeZone('Mars/Olympus_Mons')).toBe(false);
    expect(isValidTimeZone('')).toBe(false);
    expect(isValidTimeZone(42)).toBe(false);
  });
});
