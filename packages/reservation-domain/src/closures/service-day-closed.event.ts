import { z } from 'zod';
import { IsoDateSchema } from '../shared/iso-date';

/**
 * R14 closures decided at run time are events of one stream: the municipality's file stays the
 * reference data, each closure is an event (R16: never edited; a reopening would be a new event
 * type). The family streams carry the consequences (`CloseServiceDay`).
 */
export const SERVICE_DAY_CLOSED = 'ServiceDayClosed';
export const SERVICE_DAY_CLOSED_SCHEMA_VERSION = 1;

export const serviceDayClosedV1Schema = z.object({
  activityId: z.string().min(1).max(200),
  date: IsoDateSchema,
  reason: z.string().trim().min(1).max(500),
  closedAt: z.string(),
});
export type ServiceDayClosedData = z.infer<typeof serviceDayClosedV1Schema>;

export interface ServiceDayClosed {
  readonly type: typeof SERVICE_DAY_CLOSED;
  readonly data: ServiceDayClosedData;
}

/** Reads a stored ServiceDayClosed whatever its schema version (only v1 so far). */
export function readServiceDayClosed(event: { readonly type: string; readonly data: unknown; readonly metadata: { readonly schemaVersion: number } }): ServiceDayClosedData {
  if (event.type !== SERVICE_DAY_CLOSED) throw new Error(`Unexpected event ${event.type} in the closures stream`);
  if (event.metadata.schemaVersion !== SERVICE_DAY_CLOSED_SCHEMA_VERSION) throw new Error(`Unknown ${SERVICE_DAY_CLOSED} schema version ${event.metadata.schemaVersion}`);
  return serviceDayClosedV1Schema.parse(event.data);
}
