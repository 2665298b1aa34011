import { z } from 'zod';
import { idSchema, isoDateSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

export const attendanceSchema = z
  .object({
    date: z.string(),
    activityId: z.string(),
    total: z.number().int(),
    bySchool: z.array(
      z.object({
        school: z.string(),
        count: z.number().int(),
        children: z.array(z.object({ childId: z.string(), familyId: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), grade: z.string().nullable() })),
      }),
    ),
  })
  .meta({ id: 'Attendance' });

export const attendanceRoute = defineRoute({
  operationId: 'getAttendance',
  method: 'GET',
  path: '/api/admin/attendance',
  summary: "Children expected on a date for an activity, by school (the canteen's meal count)",
  tags: ['admin'],
  access: ['admin', 'agent'],
  query: z.object({ date: isoDateSchema, activityId: idSchema }),
  responses: { 200: { description: 'The attendance', schema: attendanceSchema } },
  errors: ['UNKNOWN_ACTIVITY'],
});
