import { z } from 'zod';
import { idSchema, isoDateSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

const statusSchema = z.enum(['present', 'absent']);

const markSchema = z.object({ status: statusSchema, reserved: z.boolean(), agentId: z.string(), markedAt: z.string() }).meta({ id: 'AttendanceMark' });

const countsSchema = z
  .object({ reserved: z.number().int(), present: z.number().int(), absent: z.number().int(), unmarked: z.number().int(), presentWithoutReservation: z.number().int() })
  .meta({ id: 'AttendanceCounts' });

export const attendanceChildSchema = z
  .object({
    familyId: z.string(),
    childId: z.string(),
    firstName: z.string().nullable(),
    lastName: z.string().nullable(),
    school: z.string().nullable(),
    grade: z.string().nullable(),
    reserved: z.boolean(),
    mark: markSchema.nullable(),
  })
  .meta({ id: 'AttendanceSheetChild' });

export const attendanceSheetSchema = z
  .object({
    date: z.string(),
    activityId: z.string(),
    school: z.string().nullable(),
    counts: countsSchema,
    bySchool: z.array(z.object({ school: z.string().nullable(), counts: countsSchema })),
    children: z.array(attendanceChildSchema),
  })
  .meta({ id: 'AttendanceSheet' });

export const attendanceMarksSchema = z
  .object({
    date: z.string(),
    activityId: z.string(),
    marks: z.array(
      z.object({
        familyId: z.string(),
        childId: z.string(),
        status: statusSchema,
        reserved: z.boolean(),
        replaces: statusSchema.nullable(),
        agentId: z.string(),
        markedAt: z.string(),
      }),
    ),
  })
  .meta({ id: 'AttendanceMarks' });

const dayQuery = z.object({ date: isoDateSchema, activityId: idSchema });
const schoolSchema = z.string().trim().min(1).max(200);

export const attendanceSheetRoute = defineRoute({
  operationId: 'getAttendanceSheet',
  method: 'GET',
  path: '/api/admin/attendance/sheet',
  summary: 'The pointage list of a day (R20): the reserved children and those marked without a reservation, each with its mark, and the counts reserved vs present',
  tags: ['admin'],
  access: ['admin', 'agent'],
  query: dayQuery.extend({ school: schoolSchema.optional() }),
  responses: { 200: { description: 'The list with its marks', schema: attendanceSheetSchema } },
  errors: ['UNKNOWN_ACTIVITY', 'VALIDATION_FAILED'],
});

export const attendanceChildrenRoute = defineRoute({
  operationId: 'searchAttendanceChildren',
  method: 'GET',
  path: '/api/admin/attendance/children',
  summary: "Children of a school enrolled in the activity whose name starts with `q` (to mark one present without a reservation)",
  tags: ['admin'],
  access: ['admin', 'agent'],
  query: dayQuery.extend({ school: schoolSchema, q: z.string().trim().min(1).max(100) }),
  responses: { 200: { description: 'At most 20 children, by name', schema: z.object({ children: z.array(attendanceChildSchema) }).meta({ id: 'AttendanceChildren' }) } },
  errors: ['UNKNOWN_ACTIVITY', 'VALIDATION_FAILED'],
});

export const attendanceMarksRoute = defineRoute({
  operationId: 'getAttendanceMarks',
  method: 'GET',
  path: '/api/admin/attendance/marks',
  summary: 'Every child marked on a day of an activity, with its latest mark (R20): what a charge of attendance without reservation would read',
  tags: ['admin'],
  access: ['admin', 'agent'],
  query: dayQuery,
  responses: { 200: { description: 'The latest mark of each child', schema: attendanceMarksSchema } },
  errors: ['UNKNOWN_ACTIVITY', 'VALIDATION_FAILED'],
});

export const markAttendanceRoute = defineRoute({
  operationId: 'markAttendance',
  method: 'PUT',
  path: '/api/admin/attendance/marks',
  summary: 'Records marks of a day (R20): each child present or absent, with the mark the agent saw; a mark another agent changed since is refused, never overwritten',
  tags: ['admin'],
  access: ['admin', 'agent'],
  body: z
    .object({
      date: isoDateSchema,
      activityId: idSchema,
      marks: z
        .array(z.object({ familyId: idSchema, childId: idSchema, status: statusSchema, expected: statusSchema.nullable() }))
        .min(1)
        .max(500),
    })
    .meta({ id: 'AttendanceMarksRequest' }),
  responses: { 200: { description: 'The latest mark of each child after the save', schema: attendanceMarksSchema } },
  errors: [
    'UNKNOWN_ACTIVITY',
    'NOT_SERVED',
    'OUTSIDE_SCHOOL_YEAR',
    'DAY_CLOSED',
    'ATTENDANCE_DAY_IN_FUTURE',
    'UNKNOWN_CHILD',
    'NOT_ENROLLED',
    'NOT_RESERVED',
    'ATTENDANCE_MARK_CHANGED',
    'INVALID_COMMAND',
    'CONCURRENCY_CONFLICT',
  ],
});
