/**
 * The reminder the day before a weekly reservation deadline: which weeks are due for one at a
 * given instant, and what a family has to be reminded of. Pure: the catalog and the family's
 * state decide, the caller sends (one e-mail per family and week, never twice).
 */
import { reservationDeadline } from '../catalog/deadline';
import { serviceDayStatus } from '../catalog/service-day';
import type { Catalog } from '../catalog/catalog.types';
import { slotKeyOf, type RegisteredFamilyState } from '../family/family.state';
import type { Instant } from '../shared/instant';
import { addDays, fromEpochDay, type IsoDate } from '../shared/iso-date';
import { isoWeekDates, isoWeekOf, type IsoWeek } from '../shared/iso-week';

/** How long before a weekly deadline its reminder goes: the day before. */
export const REMINDER_LEAD_MS = 24 * 60 * 60_000;

/** One deadline of one week: the activities it closes, with their service days that week. */
export interface WeeklyReminder {
  readonly week: IsoWeek;
  readonly deadline: Instant;
  readonly activities: readonly { readonly activityId: string; readonly label: string; readonly days: readonly IsoDate[] }[];
}

export interface ReminderLine {
  readonly childId: string;
  readonly activityId: string;
}

/**
 * The weekly deadlines that fall within the next `REMINDER_LEAD_MS` after `now` (deadline − lead
 * ≤ now < deadline), one per week and deadline instant, with the activities it closes. Only activities with
 * a weekly deadline rule are reminded of: a deadline the day before each day needs no reminder.
 */
export function remindersDueAt(catalog: Catalog, now: Instant): WeeklyReminder[] {
  const at = Date.parse(now);
  const today = fromEpochDay(Math.floor(at / 86_400_000));
  // A weekly deadline closes a week from the week before it at the earliest: look two weeks ahead.
  const weeks = [...new Set([7, 14].map((ahead) => isoWeekOf(addDays(today, ahead))))];
  const due: WeeklyReminder[] = [];
  for (const week of weeks) {
    const byDeadline = new Map<Instant, WeeklyReminder['activities'][number][]>();
    for (const activity of catalog.activities) {
      if (!('weekly' in activity.deadline)) continue;
      const days = isoWeekDates(week).filter((date) => serviceDayStatus(catalog, activity.id, date).open);
      if (days.length === 0) continue;
      const deadline = reservationDeadline(catalog, activity.id, days[0]);
      const closesAt = Date.parse(deadline);
      if (closesAt - REMINDER_LEAD_MS > at || at >= closesAt) continue;
      byDeadline.set(deadline, [...(byDeadline.get(deadline) ?? []), { activityId: activity.id, label: activity.label, days }]);
    }
    for (const [deadline, activities] of [...byDeadline].sort(([a], [b]) => a.localeCompare(b))) due.push({ week, deadline, activities });
  }
  return due;
}

/**
 * What `family` should be reminded of for `reminder`: each child enrolled in one of its
 * activities with no day of the week reserved (held or pending) for that activity. Empty: no
 * reminder (nothing enrolled, or something already reserved).
 */
export function reminderLinesFor(family: RegisteredFamilyState, reminder: WeeklyReminder): ReminderLine[] {
  const lines: ReminderLine[] = [];
  family.children.forEach((child, childId) => {
    for (const { activityId, days } of reminder.activities) {
      if (!child.activityIds.includes(activityId)) continue;
      if (days.some((date) => family.slots.has(slotKeyOf(childId, activityId, date)))) continue;
      lines.push({ childId, activityId });
    }
  });
  return lines;
}
