import { IsoDateSchema } from '@periscol/reservation-domain';
import type { ActivityClosure } from '@periscol/reservation-domain';
import { z } from 'zod';

/**
 * R14 closures decided at run time live in one stream, `catalog-closures`: the municipality's
 * file stays the reference data, each closure is an event (R16: never edited; a reopening would
 * be a new event type). The family streams carry the consequences (`CloseServiceDay`).
 */
import { CLOSURES_STREAM } from '../streams/stream-names';

export { CLOSURES_STREAM };
export const SERVICE_DAY_CLOSED = 'ServiceDayClosed';

export const serviceDayClosedV1Schema = z.object({
  activityId: z.string().min(1).max(200),
  date: IsoDateSchema,
  reason: z.string().trim().min(1).max(500),
  closedAt: z.string(),
});
export type ServiceDayClosed = z.infer<typeof serviceDayClosedV1Schema>;
export const SERVICE_DAY_CLOSED_SCHEMA_VERSION = 1;

/** Reads a stored ServiceDayClosed whatever its schema version (only v1 so far). */
export function readServiceDayClosed(event: { type: string; data: unknown; metadata: { schemaVersion: number } }): ServiceDayClosed {
  if (event.type !== SERVICE_DAY_CLOSED) throw new Error(`Unexpected event ${event.type} in ${CLOSURES_STREAM}`);
  if (event.metadata.schemaVersion !== 1) throw new Error(`Unknown ${SERVICE_DAY_CLOSED} schema version ${event.metadata.schemaVersion}`);
  return serviceDayClosedV1Schema.parse(event.data);
}

export interface CloseDayCommand {
  readonly activityId: string;
  readonly date: string;
  readonly reason: string;
  readonly now: string;
}

/** The closures stream's decider: closing a day already closed changes nothing. */
export const closuresDecider = {
  initialState: (): readonly ActivityClosure[] => [],
  evolve: (state: readonly ActivityClosure[], event: ServiceDayClosed): readonly ActivityClosure[] => [
    ...state,
    { activityId: event.activityId, date: event.date, reason: event.reason },
  ],
  decide: (command: CloseDayCommand, state: readonly ActivityClosure[]) =>
    state.some((closure) => closure.activityId === command.activityId && closure.date === command.date)
      ? []
      : [{ type: SERVICE_DAY_CLOSED, data: { activityId: command.activityId, date: command.date, reason: command.reason, closedAt: command.now } }],
};
