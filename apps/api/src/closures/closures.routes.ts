import { z } from 'zod';
import { idSchema, isoDateSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

/** A school's name (not personal data), as the person stream spells it; any case or accents match. */
const schoolSchema = z.string().trim().min(1).max(200);

export const closureResultSchema = z
  .object({
    activityId: z.string(),
    date: z.string(),
    reason: z.string(),
    school: z.string().optional().describe('The school closed; absent: every school'),
    cancelledSlots: z.number().int(),
    creditedCents: z.number().int(),
    expiredOrders: z.number().int(),
    families: z.number().int(),
  })
  .meta({ id: 'ClosureResult' });

export const closeServiceDayRoute = defineRoute({
  operationId: 'closeServiceDay',
  method: 'POST',
  path: '/api/admin/closures',
  summary:
    'Close an activity on a date (R14), for every school or for one `school`: every reservation of that day (of that school\'s children) is cancelled with full credit, pending orders holding it expire',
  tags: ['admin'],
  access: ['admin'],
  body: z
    .object({ activityId: idSchema, date: isoDateSchema, reason: z.string().trim().min(1).max(500), school: schoolSchema.optional().describe('Close it for the children of this school only') })
    .meta({ id: 'ClosureRequest' }),
  responses: { 200: { description: 'What the closure did', schema: closureResultSchema } },
  errors: ['UNKNOWN_ACTIVITY', 'NOT_SERVED', 'OUTSIDE_SCHOOL_YEAR', 'DAY_CLOSED', 'CONCURRENCY_CONFLICT'],
});

export const closurePreviewSchema = z
  .object({
    activityId: z.string(),
    date: z.string(),
    school: z.string().optional().describe('The school the closure is for; absent: every school'),
    alreadyClosed: z.boolean(),
    cancelledSlots: z.number().int(),
    creditedCents: z.number().int(),
    expiredOrders: z.number().int(),
    families: z.array(
      z.object({
        familyId: z.string(),
        name: z.string().nullable(),
        cancelledSlots: z.number().int(),
        creditedCents: z.number().int(),
        expiredOrders: z.number().int(),
        children: z.array(z.object({ childId: z.string(), firstName: z.string().nullable(), lastName: z.string().nullable(), school: z.string().nullable(), creditCents: z.number().int() })),
      }),
    ),
  })
  .meta({ id: 'ClosurePreview' });

export const previewClosureRoute = defineRoute({
  operationId: 'previewServiceDayClosure',
  method: 'POST',
  path: '/api/admin/closures/preview',
  summary: 'What closing an activity on a date would do (R14), decided by the same rules and recorded nowhere: the reservations it would cancel, the credits and the orders it would expire, per family',
  tags: ['admin'],
  access: ['admin'],
  // Appends nothing, as a quote.
  idempotency: 'none',
  body: z
    .object({ activityId: idSchema, date: isoDateSchema, reason: z.string().trim().min(1).max(500).optional(), school: schoolSchema.optional() })
    .meta({ id: 'ClosurePreviewRequest' }),
  responses: { 200: { description: 'What the closure would do', schema: closurePreviewSchema } },
  errors: ['UNKNOWN_ACTIVITY', 'NOT_SERVED', 'OUTSIDE_SCHOOL_YEAR', 'DAY_CLOSED'],
});

export const schoolsSchema = z.object({ schools: z.array(z.string()) }).meta({ id: 'Schools' });

export const listSchoolsRoute = defineRoute({
  operationId: 'listSchools',
  method: 'GET',
  path: '/api/admin/schools',
  summary: "The schools the children's records name, in order (to close a service day for one school, R14)",
  tags: ['admin'],
  access: ['admin', 'auditor'],
  responses: { 200: { description: 'The schools', schema: schoolsSchema } },
});
