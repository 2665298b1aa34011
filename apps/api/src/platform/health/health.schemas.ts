import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

const checkSchema = z.object({ name: z.string(), ok: z.boolean(), detail: z.string().optional() });

export const healthReportSchema = z
  .object({
    status: z.enum(['ok', 'unavailable']),
    store: z.object({
      kind: z.string(),
      ok: z.boolean(),
      headPosition: z.number().int().optional(),
      detail: z.string().optional(),
    }),
    checks: z.array(checkSchema),
    checkedAt: z.string(),
  })
  .meta({ id: 'HealthReport' });
export type HealthReport = z.infer<typeof healthReportSchema>;

export const getHealthRoute = defineRoute({
  operationId: 'getHealth',
  method: 'GET',
  path: '/api/health',
  summary: 'Liveness and readiness: the store is reachable and every registered check passes',
  tags: ['operations'],
  access: 'public',
  responses: {
    200: { description: 'Ready', schema: healthReportSchema },
    503: { description: 'Not ready (same body, status "unavailable")', schema: healthReportSchema },
  },
});
