import { TZDate } from '@date-fns/tz';
import type { Instant } from '../shared/instant';
import { civilFromDays, toEpochDay, weekdayOfEpochDay, type IsoDate } from '../shared/iso-date';
import { InvalidArgumentError } from '../shared/invalid-argument.error';
import { closedLabel, indexOf, remember, type ActivityIndex, type CatalogIndex } from './catalog-index';
import type { Activity, ByWeekdayRule, Catalog, DeadlineRule, SingleDeadlineRule } from './catalog.types';

/*
 * A rule's time 'HH:MM' names the last minute still allowed: « mardi 23:59 » accepts 23:59:30.
 * So the deadline instant is HH:MM:59.999 local time, and reserving or cancelling is allowed iff
 * `now <= deadline` (see `isWithinDeadline`). Local wall time → instant goes through TZDate, which
 * knows the zone's DST history; the rare local time that does not exist (inside the spring-forward
 * gap) moves forward by the gap, and one that happens twice (autumn overlap) is its later
 * occurrence, the more generous reading of a deadline.
 */

/** The rule that closes `day`: a weekday's own rule, or the one rule of every day. */
function ruleOn(rule: DeadlineRule, day: number): SingleDeadlineRule | undefined {
  if (!('byWeekday' in rule)) return rule;
  return rule.byWeekday[String(weekdayOfEpochDay(day)) as keyof ByWeekdayRule['byWeekday']];
}

/** Epoch day on which `rule` closes the day `day`. */
function closingDay(index: CatalogIndex, rule: SingleDeadlineRule, day: number): number {
  if ('weekly' in rule) {
    const monday = day - (weekdayOfEpochDay(day) - 1);
    return monday - 7 + (rule.weekly.weekday - 1);
  }
  if (!rule.workingDays) return day - rule.daysBefore;
  // Working days: Saturdays, Sundays, the rule's skipped weekdays (e.g. Wednesdays for this
  // activity only) and the calendar's closed dates do not count.
  const skipped = rule.skipWeekdays ?? [];
  let closing = day;
  for (let counted = 0; counted < rule.daysBefore; ) {
    closing--;
    const weekday = weekdayOfEpochDay(closing);
    if (weekday <= 5 && !skipped.includes(weekday) && closedLabel(index, closing) === undefined) counted++;
  }
  return closing;
}

/** Epoch ms of local wall time `time` ('HH:MM') plus `seconds`.`ms` on an epoch day, in the catalog's zone. */
function localInstantMs(catalog: Catalog, day: number, time: string, seconds: number, ms: number): number {
  const { year, month, day: dayOfMonth } = civilFromDays(day);
  return new TZDate(year, month - 1, dayOfMonth, Number(time.slice(0, 2)), Number(time.slice(3, 5)), seconds, ms, catalog.timezone).getTime();
}

function serviceStartMs(catalog: Catalog, activity: Activity, day: number): number {
  return localInstantMs(catalog, day, activity.startTime ?? '00:00', 0, 0);
}

/**
 * The rule's deadline for `date`, never after the service of that day starts: a same-day time in
 * the spring-forward gap moves forward by the gap and could pass the start otherwise. A weekday
 * without a rule (not served) is closed once its day starts.
 */
function deadlineOf(catalog: Catalog, index: CatalogIndex, activity: Activity, rule: DeadlineRule, date: IsoDate): Instant {
  const day = toEpochDay(date);
  const latest = serviceStartMs(catalog, activity, day) - 1;
  const single = ruleOn(rule, day);
  if (!single) return new Date(latest).toISOString();
  const time = 'weekly' in single ? single.weekly.time : single.time;
  return new Date(Math.min(latest, localInstantMs(catalog, closingDay(index, single, day), time, 59, 999))).toISOString();
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
  return entry.reservationDeadlines.get(date) ?? remember(entry.reservationDeadlines, date, deadlineOf(catalog, index, entry.activity, entry.activity.deadline, date));
}

/** Last instant at which a reservation of `date` may still be cancelled; the reservation rule when the activity sets none. */
export function cancellationDeadline(catalog: Catalog, activityId: string, date: IsoDate): Instant {
  const { index, entry } = activityIndex(catalog, activityId);
  const rule = entry.activity.cancellationDeadline ?? entry.activity.deadline;
  return entry.cancellationDeadlines.get(date) ?? remember(entry.cancellationDeadlines, date, deadlineOf(catalog, index, entry.activity, rule, date));
}

/** Last instant at which `date` may still be booked late (allowed iff deadline < now <= it); null when the activity takes no late booking. */
export function lateBookingLimit(catalog: Catalog, activityId: string, date: IsoDate): Instant | null {
  const { index, entry } = activityIndex(catalog, activityId);
  const late = entry.activity.lateBooking;
  if (!late) return null;
  return entry.lateBookingLimits.get(date) ?? remember(entry.lateBookingLimits, date, deadlineOf(catalog, index, entry.activity, late.until, date));
}

/** The instant `date`'s service of `activityId` starts: its `startTime`, or the day's midnight, local time. No deadline is after it. */
export function serviceStart(catalog: Catalog, activityId: string, date: IsoDate): Instant {
  const { entry } = activityIndex(catalog, activityId);
  return new Date(serviceStartMs(catalog, entry.activity, toEpochDay(date))).toISOString();
}
