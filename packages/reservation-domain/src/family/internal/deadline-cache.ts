/**
 * Deadline instants as epoch milliseconds, parsed once per catalog, kind, activity and date: the
 * catalog answers an ISO string, and parsing it again for every slot of every decision showed.
 */
import { cancellationDeadline, reservationDeadline, type Catalog } from '../../catalog';

const deadlineCache = new WeakMap<Catalog, Map<string, Map<string, number>>>();

export function deadlineMs(catalog: Catalog, kind: 'reserve' | 'cancel', activityId: string, date: string): number {
  let byActivity = deadlineCache.get(catalog);
  if (!byActivity) deadlineCache.set(catalog, (byActivity = new Map()));
  const cacheKey = kind === 'reserve' ? activityId : `${activityId}|cancel`;
  let byDate = byActivity.get(cacheKey);
  if (!byDate) byActivity.set(cacheKey, (byDate = new Map()));
  let ms = byDate.get(date);
  if (ms === undefined) {
    ms = Date.parse(
      kind === 'reserve' ? reservationDeadline(catalog, activityId, date) : cancellationDeadline(catalog, activityId, date),
    );
    byDate.set(date, ms);
  }
  return ms;
}
