/**
 * R23: which places a child takes on a day. An activity with `capacity` has one places stream per
 * date, `placesPerDay` places shared by every child; a school listed in `bySite` has its own
 * stream and places that day, taken by its children only.
 */
import { getActivity } from '../catalog/load-catalog';
import type { Catalog } from '../catalog/catalog.types';
import { schoolKey } from '../catalog/school-name';
import type { IsoDate } from '../shared';

/** One places stream: an activity, a date, and a school's key (`schoolKey`) for a school's own places, else null. */
export interface PlacesKey {
  readonly activityId: string;
  readonly date: IsoDate;
  readonly site: string | null;
}

/** `activityId|date|site`: one string per places stream (maps of states are keyed by it). */
export function placesKeyId(key: PlacesKey): string {
  return `${key.activityId}|${key.date}|${key.site ?? ''}`;
}

/** Whether the activity counts its places (R23). */
export function hasCapacity(catalog: Catalog, activityId: string): boolean {
  return getActivity(catalog, activityId)?.capacity !== undefined;
}

/** Whether any activity of the catalog counts its places. */
export function catalogHasCapacity(catalog: Catalog): boolean {
  return catalog.activities.some((activity) => activity.capacity !== undefined);
}

/** The places a child of `school` takes on that day, and how many there are; null when the activity has no capacity. */
export function placesFor(catalog: Catalog, activityId: string, date: IsoDate, school?: string): { readonly key: PlacesKey; readonly places: number } | null {
  const capacity = getActivity(catalog, activityId)?.capacity;
  if (!capacity) return null;
  if (school !== undefined && capacity.bySite) {
    const wanted = schoolKey(school);
    for (const [site, places] of Object.entries(capacity.bySite)) {
      if (schoolKey(site) === wanted) return { key: { activityId, date, site: wanted }, places };
    }
  }
  return { key: { activityId, date, site: null }, places: capacity.placesPerDay };
}

/** Every places stream of one day: the shared one and each school's own (a release looks in all of them). */
export function placesKeysOfDay(catalog: Catalog, activityId: string, date: IsoDate): readonly PlacesKey[] {
  const capacity = getActivity(catalog, activityId)?.capacity;
  if (!capacity) return [];
  return [{ activityId, date, site: null }, ...Object.keys(capacity.bySite ?? {}).map((site) => ({ activityId, date, site: schoolKey(site) }))];
}
