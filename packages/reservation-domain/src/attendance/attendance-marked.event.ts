import { z } from 'zod';
import { IsoDateSchema } from '../shared/iso-date';

/**
 * R20 — the pointage: an agent marks a child present or absent on a day of an activity. Each
 * mark is an event; a correction is a new mark (R16: never edited), the latest one counts.
 * The event holds ids only, never a name: an erased family's child (R17) keeps its marks and
 * nothing personal.
 */
export const ATTENDANCE_MARKED = 'AttendanceMarked';
export const ATTENDANCE_MARKED_SCHEMA_VERSION = 1;

export const ATTENDANCE_STATUSES = ['present', 'absent'] as const;
export type AttendanceStatus = (typeof ATTENDANCE_STATUSES)[number];

export const attendanceMarkedV1Schema = z.object({
  date: IsoDateSchema,
  activityId: z.string().min(1).max(200),
  familyId: z.string().min(1).max(200),
  childId: z.string().min(1).max(200),
  status: z.enum(ATTENDANCE_STATUSES),
  /** Whether the child held a confirmed reservation of that day when marked (present without one: a later charge may apply). */
  reserved: z.boolean(),
  /** The mark this one corrects (null for the child's first mark of the day). */
  replaces: z.enum(ATTENDANCE_STATUSES).nullable(),
  /** The agent's user id, from the token. */
  agentId: z.string().min(1).max(200),
  markedAt: z.string(),
});
export type AttendanceMarkedData = z.infer<typeof attendanceMarkedV1Schema>;

export interface AttendanceMarked {
  readonly type: typeof ATTENDANCE_MARKED;
  readonly data: AttendanceMarkedData;
}

/** Reads a stored AttendanceMarked whatever its schema version (only v1 so far). */
export function readAttendanceMarked(event: { readonly type: string; readonly data: unknown; readonly metadata: { readonly schemaVersion: number } }): AttendanceMarked {
  if (event.type !== ATTENDANCE_MARKED) throw new Error(`Unexpected event ${event.type} in an attendance stream`);
  if (event.metadata.schemaVersion !== ATTENDANCE_MARKED_SCHEMA_VERSION) throw new Error(`Unknown ${ATTENDANCE_MARKED} schema version ${event.metadata.schemaVersion}`);
  return { type: ATTENDANCE_MARKED, data: attendanceMarkedV1Schema.parse(event.data) };
}
