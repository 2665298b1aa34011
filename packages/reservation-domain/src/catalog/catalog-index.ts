import type { Instant } from '../shared/instant';
import { toEpochDay, type IsoDate } from '../shared/iso-date';
import type { Activity, ActivityClosure, Catalog, DayStatus } from './catalog.types';
import { schoolKey } from './school-name';

/**
 * Private lookup structures and memo tables of a catalog, attached to it (non-enumerable, under a
 * module-private symbol) when it is built. Planning reads ask for the same (activity, date)
 * deadlines and statuses over and over; the decider target is ≥ 200,000 commands/s.
 */
export interface ActivityIndex {
  readonly activity: Activity;
  /** served[w] for ISO weekday w (index 0 unused). */
  readonly served: readonly boolean[];
  /** Closures of this activity for every school: date → reason. */
  readonly closures: ReadonlyMap<IsoDate, string>;
  /** Closures of this activity for one school: date → school key (`schoolKey`) → reason. */
  readonly schoolClosures: ReadonlyMap<IsoDate, ReadonlyMap<string, string>>;
  // Deadlines depend only on the file (not on run-time closures), so `withClosures` shares them.
  readonly reservationDeadlines: Map<IsoDate, Instant>;
  readonly cancellationDeadlines: Map<IsoDate, Instant>;
  readonly lateBookingLimits: Map<IsoDate, Instant>;
  readonly statuses: Map<IsoDate, DayStatus>;
}

export interface CatalogIndex {
  readonly activities: ReadonlyMap<string, ActivityIndex>;
  /** Closed periods in epoch days, in file order. */
  readonly closedRanges: readonly { readonly from: number; readonly to: number; readonly label: string }[];
  readonly schoolStart: number;
  readonly schoolEnd: number;
}

const INDEX = Symbol('periscol.catalogIndex');
// For catalogs assembled by hand (not through loadCatalog / withClosures).
const lateIndexes = new WeakMap<Catalog, CatalogIndex>();

/** Memo tables never grow past this: a flood of odd dates cannot eat the memory. */
const MEMO_LIMIT = 50_000;

export function remember<V>(memo: Map<IsoDate, V>, date: IsoDate, value: V): V {
  if (memo.size >= MEMO_LIMIT) memo.clear();
  memo.set(date, value);
  return value;
}

function closuresByActivity(closures: readonly ActivityClosure[]): Map<string, Map<IsoDate, string>> {
  const byActivity = new Map<string, Map<IsoDate, string>>();
  for (const closure of closures) {
    if (closure.school !== undefined) continue;
    let dates = byActivity.get(closure.activityId);
    if (!dates) byActivity.set(closure.activityId, (dates = new Map()));
    if (!dates.has(closure.date)) dates.set(closure.date, closure.reason);
  }
  return byActivity;
}

function schoolClosuresByActivity(closures: readonly ActivityClosure[]): Map<string, Map<IsoDate, Map<string, string>>> {
  const byActivity = new Map<string, Map<IsoDate, Map<string, string>>>();
  for (const closure of closures) {
    if (closure.school === undefined) continue;
    let dates = byActivity.get(closure.activityId);
    if (!dates) byActivity.set(closure.activityId, (dates = new Map()));
    let schools = dates.get(closure.date);
    if (!schools) dates.set(closure.date, (schools = new Map()));
    const key = schoolKey(closure.school);
    if (!schools.has(key)) schools.set(key, closure.reason);
  }
  return byActivity;
}

/** Builds the index of `catalog`; deadline memos are taken over from `previous` when given. */
export function buildIndex(catalog: Catalog, previous?: CatalogIndex): CatalogIndex {
  const closures = closuresByActivity(catalog.closures);
  const schoolClosures = schoolClosuresByActivity(catalog.closures);
  const activities = new Map<string, ActivityIndex>();
  for (const activity of catalog.activities) {
    const served = [false, false, false, false, false, false, false, false];
    for (const weekday of activity.weekdays) served[weekday] = true;
    const before = previous?.activities.get(activity.id);
    activities.set(activity.id, {
      activity,
      served,
      closures: closures.get(activity.id) ?? new Map(),
      schoolClosures: schoolClosures.get(activity.id) ?? new Map(),
      reservationDeadlines: before?.reservationDeadlines ?? new Map(),
      cancellationDeadlines: before?.cancellationDeadlines ?? new Map(),
      lateBookingLimits: before?.lateBookingLimits ?? new Map(),
      statuses: new Map(),
    });
  }
  return {
    activities,
    closedRanges: catalog.closedDates.map((c) => ({ from: toEpochDay(c.from), to: toEpochDay(c.to), label: c.label })),
    schoolStart: toEpochDay(catalog.schoolYear.start),
    schoolEnd: toEpochDay(catalog.schoolYear.end),
  };
}

export function attachIndex(catalog: Catalog, index: CatalogIndex): void {
  Object.defineProperty(catalog, INDEX, { value: index, enumerable: false, writable: false, configurable: false });
}

export function indexOf(catalog: Catalog): CatalogIndex {
  const attached = (catalog as unknown as { [INDEX]?: CatalogIndex })[INDEX];
  if (attached) return attached;
  let late = lateIndexes.get(catalog);
  if (!late) lateIndexes.set(catalog, (late = buildIndex(catalog)));
  return late;
}

/** Label of the closed period holding this epoch day, if any. */
export function closedLabel(index: CatalogIndex, epochDay: number): string | undefined {
  for (const range of index.closedRanges) {
    if (epochDay >= range.from && epochDay <= range.to) return range.label;
  }
  return undefined;
}
