import { TZDate } from '@date-fns/tz';
import { addDays, civilFromDays, toEpochDay, type IsoDate } from '../shared/iso-date';
import type { AbsencePolicy, Catalog } from './catalog.types';

/**
 * R22: the town's absence rule for `activityId`, or undefined when the town has none or it
 * leaves this activity out.
 */
export function absencePolicyFor(catalog: Catalog, activityId: string): AbsencePolicy | undefined {
  const policy = catalog.absences;
  return policy && policy.activities.includes(activityId) ? policy : undefined;
}

/** The last instant (epoch ms) an absence on `date` may be declared: the end of `date + graceDays`, local time. */
export function absenceDeclarationLimitMs(catalog: Catalog, policy: AbsencePolicy, date: IsoDate): number {
  const { year, month, day } = civilFromDays(toEpochDay(addDays(date, policy.graceDays)));
  return new TZDate(year, month - 1, day, 23, 59, 59, 999, catalog.timezone).getTime();
}
