import * as E from 'fp-ts/Either';
import fc from 'fast-check';
import {
  CALENDAR_MAX_YEAR,
  CALENDAR_MIN_YEAR,
  isIsoDate,
  isIsoWeek,
  isValidIsoWeek,
  isValidLocalDate,
  LocalDateSchema,
  parseIsoWeek,
  parseLocalDate,
  ValidIsoWeekSchema,
} from '../index';

const codeOf = (result: E.Either<{ code: string }, unknown>) => (E.isLeft(result) ? result.left.code : 'accepted');

describe('calendar inputs: the weeks and dates the domain accepts (commands, views, HTTP query parameters)', () => {
  it('the range is 2000–2100', () => {
    expect([CALENDAR_MIN_YEAR, CALENDAR_MAX_YEAR]).toEqual([2000, 2100]);
  });

  it.each(['2026-W53', '2020-W53', '2027-W52', '2026-W01', '2000-W01', '2100-W52'])('accepts the week %s', (week) => {
    expect(isValidIsoWeek(week)).toBe(true);
    expect(parseIsoWeek(week)).toEqual(E.right(week));
    expect(ValidIsoWeekSchema.safeParse(week).success).toBe(true);
  });

  it.each<unknown>(['2027-W53', '0000-W01', '1999-W52', '2101-W01', '2026-W00', '2026-W54', '2026-w50', '2026-W5', ' 2026-W50', '', 202650, null, undefined])(
    'refuses the week %p with INVALID_WEEK',
    (week) => {
      expect(isValidIsoWeek(week)).toBe(false);
      expect(codeOf(parseIsoWeek(week))).toBe('INVALID_WEEK');
      expect(ValidIsoWeekSchema.safeParse(week).success).toBe(false);
    },
  );

  it.each(['2026-09-14', '2028-02-29', '2000-01-01', '2000-02-29', '2100-12-31'])('accepts the date %s', (date) => {
    expect(isValidLocalDate(date)).toBe(true);
    expect(parseLocalDate(date)).toEqual(E.right(date));
    expect(LocalDateSchema.safeParse(date).success).toBe(true);
  });

  it.each<unknown>(['0000-01-01', '1999-12-31', '2101-01-01', '2027-02-29', '2100-02-29', '2026-04-31', '2026-13-01', '2026-9-1', '2026-09-01T00:00:00Z', '', 20260901, null])(
    'refuses the date %p with INVALID_DATE',
    (date) => {
      expect(isValidLocalDate(date)).toBe(false);
      expect(codeOf(parseLocalDate(date))).toBe('INVALID_DATE');
      expect(LocalDateSchema.safeParse(date).success).toBe(false);
    },
  );

  it('agrees with the technical calendar checks inside the range', () => {
    const digit = fc.constantFrom(...'0123456789');
    const nearDate = fc
      .tuple(fc.constantFrom('19', '20', '21', '00'), fc.array(digit, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 2, maxLength: 2 }))
      .map(([c, y, m, d]) => `${c}${y.join('')}-${m.join('')}-${d.join('')}`);
    const inRange = (text: string) => Number(text.slice(0, 4)) >= 2000 && Number(text.slice(0, 4)) <= 2100;
    fc.assert(fc.property(fc.oneof(nearDate, fc.string({ maxLength: 12 })), (text) => expect(isValidLocalDate(text)).toBe(isIsoDate(text) && inRange(text))), { numRuns: 3000 });
    const nearWeek = fc
      .tuple(fc.constantFrom('19', '20', '21', '00'), fc.array(digit, { minLength: 2, maxLength: 2 }), fc.array(digit, { minLength: 2, maxLength: 2 }))
      .map(([c, y, w]) => `${c}${y.join('')}-W${w.join('')}`);
    fc.assert(fc.property(nearWeek, (text) => expect(isValidIsoWeek(text)).toBe(isIsoWeek(text) && inRange(text))), { numRuns: 3000 });
  });
});
