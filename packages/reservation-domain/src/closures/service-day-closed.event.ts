import { z } from 'zod';
import { MAX_SCHOOL_NAME_LENGTH } from '../catalog/school-name';
import { IsoDateSchema } from '../shared/iso-date';

/**
 * R14 closures decided at run time are events of one stream: the municipality's file stays the
 * reference data, each closure is an event (R16: never edited; a reopening would be a new event
 * type). The family streams carry the consequences (`CloseServiceDay`).
 */
export const SERVICE_DAY_CLOSED = 'ServiceDayClosed';
export const SERVICE_DAY_CLOSED_SCHEMA_VERSION = 2;

/** v1: a closure for every school. Never edit a released version. */
export const serviceDayClosedV1Schema = z.object({
  activityId: z.string().min(1).max(200),
  date: IsoDateSchema,
  reason: z.string().trim().min(1).max(500),
  closedAt: z.string(),
});

/** v2: the same, closed for one school when `school` is given (a school's name is not personal data). */
export const serviceDayClosedV2Schema = serviceDayClosedV1Schema.extend({
  school: z.string().trim().min(1).max(MAX_SCHOOL_NAME_LENGTH).optional(),
});
export type ServiceDayClosedData = z.infer<typeof serviceDayClosedV2Schema>;

export interface ServiceDayClosed {
  readonly type: typeof SERVICE_DAY_CLOSED;
  readonly data: ServiceDayClosedData;
}

/** v1 → v2: a v1 closure closed the day for every school (no `school`), and reads unchanged. */
export function upgradeServiceDayClosedV1(data: z.infer<typeof serviceDayClosedV1Schema>): ServiceDayClosedData {
  return { activityId: data.activityId, date: data.date, reason: data.reason, closedAt: data.closedAt };
}

/** Reads a stored ServiceDayClosed whatever its schema version, upgraded to the latest. */
export function readServiceDayClosed(event: { readonly type: string; readonly data: unknown; readonly metadata: { readonly schemaVersion: number } }): ServiceDayClosedData {
  if (event.type !== SERVICE_DAY_CLOSED) throw new Error(`Unexpected event ${event.type} in the closures stream`);
  switch (event.metadata.schemaVersion) {
    case 1:
      return upgradeServiceDayClosedV1(serviceDayClosedV1Schema.parse(event.data));
    case 2:
      return serviceDayClosedV2Schema.parse(event.data);
    default:
      throw new Error(`Unknown ${SERVICE_DAY_CLOSED} schema version ${event.metadata.schemaVersion}`);
  }
}
