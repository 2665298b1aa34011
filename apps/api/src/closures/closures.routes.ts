import { z } from 'zod';
import { idSchema, isoDateSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

export const closureResultSchema = z
  .object({
    activityId: z.string(),
    date: z.string(),
    reason: z.string(),
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
  summary: 'Close an activity on a date (R14): every reservation of that day is cancelled with full credit, pending orders holding it expire',
  tags: ['admin'],
  access: ['admin'],
  body: z.object({ activityId: idSchema, date: isoDateSchema, reason: z.string().trim().min(1).max(500) }).meta({ id: 'ClosureRequest' }),
  responses: { 200: { description: 'What the closure did', schema: closureResultSchema } },
  errors: ['UNKNOWN_ACTIVITY', 'NOT_SERVED', 'OUTSIDE_SCHOOL_YEAR', 'DAY_CLOSED', 'CONCURRENCY_CONFLICT'],
});

export const closurePreviewSchema = z
  .object({
    activityId: z.string(),
    date: z.string(),
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
  body: z.object({ activityId: idSchema, date: isoDateSchema, reason: z.string().trim().min(1).max(500).optional() }).meta({ id: 'ClosurePreviewRequest' }),
  responses: { 200: { description: 'What the closure would do', schema: closurePreviewSchema } },
  errors: ['UNKNOWN_ACTIVITY', 'NOT_SERVED', 'OUTSIDE_SCHOOL_YEAR', 'DAY_CLOSED'],
});
