/**
 * The catalog as it stood at an instant: the municipality file plus the closures (R14) recorded
 * in `catalog-closures` by then, read with the API's own event reader.
 */
import type { EventStore } from '@periscol/event-store';
import { readServiceDayClosed, withClosures, type Catalog } from '@periscol/reservation-domain';
import { CLOSURES_STREAM } from '@periscol/application';
import { recordedAtMs } from './family-history.reader';

export async function catalogAsOf(store: EventStore, base: Catalog, until?: string): Promise<Catalog> {
  const { events } = await store.readStream(CLOSURES_STREAM);
  const untilMs = until === undefined ? Infinity : Date.parse(until);
  const closures = events.filter((event) => recordedAtMs(event) <= untilMs).map((event) => readServiceDayClosed(event));
  if (closures.length === 0) return base;
  return withClosures(base, [...base.closures, ...closures.map(({ activityId, date, reason }) => ({ activityId, date, reason }))]);
}
