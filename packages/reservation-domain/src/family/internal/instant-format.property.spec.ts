import fc from 'fast-check';
import { epochMsOfInstant, instantFromEpochMs } from './instant-format';

describe('instantFromEpochMs', () => {
  it('formats exactly as Date#toISOString', () => {
    const min = Date.UTC(1000, 0, 1);
    const max = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    fc.assert(
      fc.property(fc.integer({ min, max }), (ms) => expect(instantFromEpochMs(ms)).toBe(new Date(ms).toISOString())),
      { numRuns: 2000 },
    );
    for (const ms of [0, min, max, Date.UTC(2026, 9, 25, 0, 59, 59, 999), Date.UTC(2028, 1, 29, 12)]) {
      expect(instantFromEpochMs(ms)).toBe(new Date(ms).toISOString());
    }
  });

  it('epochMsOfInstant reads instants exactly as Date.parse does', () => {
    const min = Date.UTC(1000, 0, 1);
    const max = Date.UTC(9999, 11, 31, 23, 59, 59, 999);
    fc.assert(
      fc.property(fc.integer({ min, max }), fc.integer({ min: 0, max: 9 }), fc.nat(999_999), (ms, fractionDigits, extra) => {
        const iso = new Date(ms).toISOString();
        const base = iso.slice(0, 19);
        const fraction = `${iso.slice(20, 23)}${String(extra).padStart(6, '0')}`.slice(0, fractionDigits);
        const text = fractionDigits === 0 ? `${base}Z` : `${base}.${fraction}Z`;
        expect(epochMsOfInstant(text)).toBe(Date.parse(text));
      }),
      { numRuns: 2000 },
    );
    for (const text of ['2026-09-07T08:00:00+02:00', '2026-02-30T08:00:00Z', 'nonsense', '2026-09-07T24:00:00Z', '2026-09-07T08:00:00.Z']) {
      expect(epochMsOfInstant(text)).toEqual(Date.parse(text));
    }
  });
});
