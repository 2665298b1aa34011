import { z } from 'zod';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, daysFromCivil, fromEpochDay, toEpochDay, weekdayOfEpochDay, type IsoDate } from './iso-date';
import { InvalidArgumentError } from './invalid-argument.error';

/**
 * An ISO-8601 week 'YYYY-Www'. The year is the ISO week-numbering year, which differs from the
 * calendar year around New Year: 2027-01-01 (a Friday) belongs to 2026-W53.
 */
export type IsoWeek = string;

const ISO_WEEK = /^([1-9]\d{3})-W(\d{2})$/;

/** Epoch day of the Monday of week 1 (the week holding 4 January). */
function mondayOfWeekOne(isoYear: number): number {
  const jan4 = daysFromCivil(isoYear, 1, 4);
  return jan4 - (weekdayOfEpochDay(jan4) - 1);
}

/** 52 or 53: a year has 53 ISO weeks when its 28 December falls in week 53. */
export function weeksInIsoYear(isoYear: number): number {
  return Math.floor((daysFromCivil(isoYear, 12, 28) - mondayOfWeekOne(isoYear)) / 7) + 1;
}

function parseWeek(week: string): { year: number; week: number } | null {
  const m = ISO_WEEK.exec(week);
  if (!m) return null;
  const year = Number(m[1]);
  const n = Number(m[2]);
  if (n < 1 || n > weeksInIsoYear(year)) return null;
  return { year, week: n };
}

export function isIsoWeek(value: unknown): value is IsoWeek {
  return typeof value === 'string' && parseWeek(value) !== null;
}

export const IsoWeekSchema = z.string().refine(isIsoWeek, { message: 'Expected an ISO week YYYY-Www that exists (W53 only in long years)' });

/**
 * A week the domain accepts from the outside: 'YYYY-Www' that exists in its ISO week-numbering
 * year (2027-W53 does not: 2027 has 52 weeks) with that year from 2000 to 2100 (no 0000-W01).
 */
export function isValidIsoWeek(value: unknown): value is IsoWeek {
  if (typeof value !== 'string') return false;
  const parsed = parseWeek(value);
  return parsed !== null && parsed.year >= CALENDAR_MIN_YEAR && parsed.year <= CALENDAR_MAX_YEAR;
}

/** `isValidIsoWeek` as a zod schema (HTTP query parameters). */
export const ValidIsoWeekSchema = z.string().refine(isValidIsoWeek, {
  message: `Expected an ISO week YYYY-Www that exists (W53 only in long years), years ${CALENDAR_MIN_YEAR}-${CALENDAR_MAX_YEAR}`,
});

/** Epoch day of the Monday of an ISO week; throws INVALID_WEEK. */
export function mondayOfIsoWeek(week: IsoWeek): number {
  const parsed = parseWeek(week);
  if (!parsed) throw new InvalidArgumentError('INVALID_WEEK', `not an existing ISO week (YYYY-Www): ${JSON.stringify(week)}`);
  return mondayOfWeekOne(parsed.year) + (parsed.week - 1) * 7;
}

/** The 7 dates of the week, Monday to Sunday. */
export function isoWeekDates(week: IsoWeek): IsoDate[] {
  const monday = mondayOfIsoWeek(week);
  return [0, 1, 2, 3, 4, 5, 6].map((i) => fromEpochDay(monday + i));
}

/** The ISO week of a date: the week-numbering year is the calendar year of that week's Thursday. */
export function isoWeekOf(date: IsoDate): IsoWeek {
  const day = toEpochDay(date);
  const thursday = day + (4 - weekdayOfEpochDay(day));
  const isoYear = Number(fromEpochDay(thursday).slice(0, 4));
  const week = Math.floor((thursday - mondayOfWeekOne(isoYear)) / 7) + 1;
  return `${isoYear}-W${week < 10 ? '0' : ''}${week}`;
}
