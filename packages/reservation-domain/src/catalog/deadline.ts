import { TZDate } from '@date-fns/tz';
import type { Instant } from '../shared/instant';
import { civilFromDays, toEpochDay, weekdayOfEpochDay, type IsoDate } from '../shared/iso-date';
import { InvalidArgumentError } from '../shared/invalid-argument.error';
import { closedLabel, indexOf, remember, type ActivityIndex, type CatalogIndex } from './catalog-index';
import type { Catalog, DeadlineRule } from './catalog.types';

/*
 * A rule's time 'HH:MM' names the last minute still allowed: « mardi 23:59 » accepts 23:59:30.
 * So the deadline instant is HH:MM:59.999 local time, and reserving or cancelling is allowed iff
 * `now <= deadline` (see `isWithinDeadline`). Local wall time → instant goes through TZDate, which
 * knows the zone's DST history; the rare local time that does not exist (inside the spring-forward
 * gap) moves forward by the gap, and one that happens twice (autumn overlap) is its later
 * occurrence, the more generous reading of a deadline.
 */

/** Epoch day on which `rule` closes the day `day`. */
function closingDay(index: CatalogIndex, rule: DeadlineRule, day: number): number {
  if ('weekly' in rule) {
    const monday = day - (weekdayOfEpochDay(day) - 1);
    return monday - 7 + (rule.weekly.weekday - 1);
  }
  if (!rule.workingDays) return day - rule.daysBefore;
  // Working days: Saturdays, Sundays and the calendar's closed dates do not count.
  let closing = day;
  for (let counted = 0; counted < rule.daysBefore; ) {
    closing--;
    if (weekdayOfEpochDay(closing) <= 5 && closedLabel(index, closing) === undefined) counted++;
  }
  return closing;
}

function deadlineOf(catalog: Catalog, index: CatalogIndex, rule: DeadlineRule, date: IsoDate): Instant {
  const { year, month, day } = civilFromDays(closingDay(index, rule, toEpochDay(date)));
  const time = 'weekly' in rule ? rule.weekly.time : rule.time;
  const hours = Number(time.slice(0, 2));
  const minutes = Number(time.slice(3, 5));
  const local = new TZDate(year, month - 1, day, hours, minutes, 59, 999, catalog.timezone);
  return new Date(local.getTime()).toISOString();
}

function activityIndex(catalog: Catalog, activityId: string): { index: CatalogIndex; entry: ActivityIndex } {
  const index = indexOf(catalog);
  const entry = index.activities.get(activityId);
  if (!entry) throw new InvalidArgumentError('UNKNOWN_ACTIVITY', `unknown activity "${activityId}"`);
  return { index, entry };
}

/** Last instant at which `date` of `activityId` may still be reserved (allowed iff now <= it). */
export function reservationDeadline(catalog: Catalog, activityId: string, date: IsoDate): Instant {
  const { index, entry } = activityIndex(catalog, activityId);
  return entry.reservationDeadlines.get(date) ?? remember(entry.reservationDeadlines, date, deadlineOf(catalog, index, entry.activity.deadline, date));
}

/** Last instant at which a reservation of `date` may still be cancelled; the reservation rule when the activity sets none. */
export function cancellationDeadline(catalog: Catalog, activityId: string, date: IsoDate): Instant {
  const { index, entry } = activityIndex(catalog, activityId);
  const rule = entry.activity.cancellationDeadline ?? entry.activity.deadline;
  return entry.cancellationDeadlines.get(date) ?? remember(entry.cancellationDeadlines, date, deadlineOf(catalog, index, rule, date));
}
