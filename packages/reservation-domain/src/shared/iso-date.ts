import { z } from 'zod';
import { InvalidArgumentError } from './invalid-argument.error';

/**
 * A calendar date 'YYYY-MM-DD' with no time zone. All arithmetic here is on epoch days (days since
 * 1970-01-01), so it never meets a DST change nor the host's time zone. Years 1000–9999 only:
 * `Date` (and so TZDate) reads years below 100 as 19xx.
 */
export type IsoDate = string;

const ISO_DATE = /^([1-9]\d{3})-(\d{2})-(\d{2})$/;

/** Days from 1970-01-01 of a proleptic Gregorian date (H. Hinnant's days_from_civil). */
export function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** Inverse of `daysFromCivil`. */
export function civilFromDays(epochDay: number): { year: number; month: number; day: number } {
  const z = epochDay + 719468;
  const era = Math.floor(z / 146097);
  const doe = z - era * 146097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36524) - Math.floor(doe / 146096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0 ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

/** Epoch day of a valid IsoDate, or NaN when the text is not a real calendar date. */
export function tryEpochDay(date: string): number {
  const m = ISO_DATE.exec(date);
  if (!m) return NaN;
  const year = Number(m[1]);
  const month = Number(m[2]);
  const day = Number(m[3]);
  if (month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return NaN;
  return daysFromCivil(year, month, day);
}

export function isIsoDate(value: unknown): value is IsoDate {
  return typeof value === 'string' && !Number.isNaN(tryEpochDay(value));
}

/** Epoch day of an IsoDate; throws INVALID_DATE on anything else. */
export function toEpochDay(date: IsoDate): number {
  const days = tryEpochDay(date);
  if (Number.isNaN(days)) throw new InvalidArgumentError('INVALID_DATE', `not a date (YYYY-MM-DD): ${JSON.stringify(date)}`);
  return days;
}

export function fromEpochDay(epochDay: number): IsoDate {
  const { year, month, day } = civilFromDays(epochDay);
  if (year < 1000 || year > 9999) throw new InvalidArgumentError('INVALID_DATE', `date out of range (years 1000-9999): epoch day ${epochDay}`);
  return `${year}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

export const IsoDateSchema = z.string().refine(isIsoDate, { message: 'Expected a calendar date YYYY-MM-DD (years 1000-9999)' });

/**
 * The years the domain accepts from the outside (commands, read-model queries, HTTP query
 * parameters): 2000–2100. `IsoDate` above stays the technical format (1000–9999) that stored
 * events are read with, so no history is ever refused on replay.
 */
export const CALENDAR_MIN_YEAR = 2000;
export const CALENDAR_MAX_YEAR = 2100;

/** The number written by `count` decimal digits of `text` from `from`; -1 if one is not a digit. */
export function digitsAt(text: string, from: number, count: number): number {
  let value = 0;
  for (let i = from; i < from + count; i++) {
    const digit = text.charCodeAt(i) - 48;
    if (digit < 0 || digit > 9) return -1;
    value = value * 10 + digit;
  }
  return value;
}

/** Whether the 4 digits at the start of `text` are a year from CALENDAR_MIN_YEAR to CALENDAR_MAX_YEAR. */
export function hasCalendarYear(text: string): boolean {
  const year = digitsAt(text, 0, 4);
  return year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR;
}

/**
 * A date the domain accepts: 'YYYY-MM-DD', a day that exists (no 2027-02-29, no 2026-04-31),
 * years 2000–2100 (no 0000-01-01). No regex and no Date: it runs on every slot of every command.
 */
export function isValidLocalDate(value: unknown): value is IsoDate {
  if (typeof value !== 'string' || value.length !== 10 || value.charCodeAt(4) !== 45 || value.charCodeAt(7) !== 45) return false;
  const year = digitsAt(value, 0, 4);
  const month = digitsAt(value, 5, 2);
  const day = digitsAt(value, 8, 2);
  return (
    year >= CALENDAR_MIN_YEAR && year <= CALENDAR_MAX_YEAR && month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)
  );
}

/** `isValidLocalDate` as a zod schema (HTTP query parameters, bodies). */
export const LocalDateSchema = z.string().refine(isValidLocalDate, {
  message: `Expected a calendar date YYYY-MM-DD from ${CALENDAR_MIN_YEAR}-01-01 to ${CALENDAR_MAX_YEAR}-12-31`,
});

/** ISO weekday of an epoch day: 1 = Monday .. 7 = Sunday (1970-01-01 was a Thursday). */
export function weekdayOfEpochDay(epochDay: number): number {
  return ((((epochDay + 3) % 7) + 7) % 7) + 1;
}

/** 1 = Monday .. 7 = Sunday. */
export function isoWeekday(date: IsoDate): number {
  return weekdayOfEpochDay(toEpochDay(date));
}

export function addDays(date: IsoDate, days: number): IsoDate {
  if (!Number.isSafeInteger(days)) throw new InvalidArgumentError('INVALID_DATE', `days must be an integer, got ${days}`);
  return fromEpochDay(toEpochDay(date) + days);
}

/** Every date from `from` to `to`, both included; empty when `to` is before `from`. */
export function datesBetween(from: IsoDate, to: IsoDate): IsoDate[] {
  const start = toEpochDay(from);
  const end = toEpochDay(to);
  const dates: IsoDate[] = [];
  for (let d = start; d <= end; d++) dates.push(fromEpochDay(d));
  return dates;
}
