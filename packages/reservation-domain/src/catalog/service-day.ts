import { tryEpochDay, weekdayOfEpochDay, type IsoDate } from '../shared/iso-date';
import { closedLabel, indexOf, remember, type ActivityIndex, type CatalogIndex } from './catalog-index';
import type { Catalog, DayStatus } from './catalog.types';
import { schoolKey } from './school-name';

const OPEN: DayStatus = Object.freeze({ open: true });
const UNKNOWN_ACTIVITY: DayStatus = Object.freeze({ open: false, reason: 'unknown_activity' });
const NOT_SERVED: DayStatus = Object.freeze({ open: false, reason: 'not_served' });
const OUTSIDE_SCHOOL_YEAR: DayStatus = Object.freeze({ open: false, reason: 'outside_school_year' });

/**
 * Whether `activityId` runs on `date` (R2, without the deadline): known activity, inside the
 * school year, a weekday it serves, not a closed date of the calendar, not closed at run time.
 * The first failing check gives the reason; a closed day carries the label of its period or
 * the reason of its closure. A text that is not a real date is outside the school year.
 *
 * `school`: the school of the child the day is asked for (R14 closures of one school); without
 * it, a day closed for some schools only is open.
 */
export function serviceDayStatus(catalog: Catalog, activityId: string, date: IsoDate, school?: string): DayStatus {
  const index = indexOf(catalog);
  const entry = index.activities.get(activityId);
  if (!entry) return UNKNOWN_ACTIVITY;
  const status = statusForEverySchool(entry, index, date);
  if (!status.open || school === undefined) return status;
  const schools = entry.schoolClosures.get(date);
  const label = schools?.get(schoolKey(school));
  return label === undefined ? status : { open: false, reason: 'closed', label };
}

function statusForEverySchool(entry: ActivityIndex, index: CatalogIndex, date: IsoDate): DayStatus {
  const known = entry.statuses.get(date);
  if (known) return known;

  const day = tryEpochDay(date);
  let status: DayStatus;
  if (Number.isNaN(day) || day < index.schoolStart || day > index.schoolEnd) status = OUTSIDE_SCHOOL_YEAR;
  else if (!entry.served[weekdayOfEpochDay(day)]) status = NOT_SERVED;
  else {
    const label = closedLabel(index, day) ?? entry.closures.get(date);
    status = label === undefined ? OPEN : Object.freeze({ open: false, reason: 'closed', label });
  }
  return remember(entry.statuses, date, status);
}
