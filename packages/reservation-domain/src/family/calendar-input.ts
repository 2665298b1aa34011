/**
 * Weeks and dates coming from the outside (read-model queries, HTTP query parameters), checked
 * against the real calendar and refused with a code rather than thrown. Commands check theirs
 * in their schema (`INVALID_COMMAND`). The predicates and zod schemas are in ../shared:
 * `isValidIsoWeek` / `ValidIsoWeekSchema`, `isValidLocalDate` / `LocalDateSchema`.
 */
import { right, type Either } from 'fp-ts/Either';
import { CALENDAR_MAX_YEAR, CALENDAR_MIN_YEAR, isValidIsoWeek, isValidLocalDate, type IsoDate, type IsoWeek } from '../shared';
import { refuse, type Refusal } from './refusal';

/** The week, or INVALID_WEEK: 'YYYY-Www' that exists in its ISO year (no 2027-W53), years 2000–2100. */
export function parseIsoWeek(value: unknown): Either<Refusal, IsoWeek> {
  if (isValidIsoWeek(value)) return right(value);
  return refuse(
    'INVALID_WEEK',
    `Not an ISO week that exists (YYYY-Www, years ${CALENDAR_MIN_YEAR}-${CALENDAR_MAX_YEAR}): ${describe(value)}`,
    { week: value },
  );
}

/** The date, or INVALID_DATE: 'YYYY-MM-DD' that exists (no 2027-02-29), years 2000–2100. */
export function parseLocalDate(value: unknown): Either<Refusal, IsoDate> {
  if (isValidLocalDate(value)) return right(value);
  return refuse(
    'INVALID_DATE',
    `Not a date that exists (YYYY-MM-DD, years ${CALENDAR_MIN_YEAR}-${CALENDAR_MAX_YEAR}): ${describe(value)}`,
    { date: value },
  );
}

function describe(value: unknown): string {
  return typeof value === 'string' ? JSON.stringify(value.length > 40 ? `${value.slice(0, 40)}…` : value) : String(value);
}
