import fc from 'fast-check';
import { addDays, fromEpochDay, toEpochDay } from './iso-date';

const MIN_DAY = toEpochDay('1900-01-01');
const MAX_DAY = toEpochDay('2200-12-31');
const isoDate = fc.integer({ min: MIN_DAY, max: MAX_DAY }).map(fromEpochDay);

describe('IsoDate properties', () => {
  it('epoch days agree with Date.UTC', () => {
    fc.assert(
      fc.property(fc.integer({ min: MIN_DAY, max: MAX_DAY }), (day) => {
        expect(fromEpochDay(day)).toBe(new Date(day * 86_400_000).toISOString().slice(0, 10));
        expect(toEpochDay(fromEpochDay(day))).toBe(day);
      }),
    );
  });

  it('addDays is undone by its opposite', () => {
    fc.assert(
      fc.property(isoDate, fc.integer({ min: -3000, max: 3000 }), (date, days) => {
        expect(addDays(addDays(date, days), -days)).toBe(date);
        expect(toEpochDay(addDays(date, days)) - toEpochDay(date)).toBe(days);
      }),
    );
  });
});
