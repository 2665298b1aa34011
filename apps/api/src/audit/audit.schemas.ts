import { z } from 'zod';
import { defineRoute } from '../routing/route-definition';

export const auditEventsQuerySchema = z.object({
  after: z.coerce.number().int().min(0).default(0),
  limit: z.coerce.number().int().min(1).max(1000).default(100),
});

export const auditEventsSchema = z
  .object({
    events: z.array(
      z.object({
        position: z.number().int(),
        streamId: z.string(),
        revision: z.number().int(),
        type: z.string(),
        schemaVersion: z.number().int(),
        data: z.unknown(),
        metadata: z.record(z.string(), z.unknown()),
      }),
    ),
    next: z.number().int().optional(),
  })
  .meta({ id: 'AuditEvents' });

export const listAuditEventsRoute = defineRoute({
  operationId: 'listAuditEvents',
  method: 'GET',
  path: '/api/audit/events',
  summary: 'Every event in global order, paged: pass the answer\'s `next` as `after`',
  tags: ['audit'],
  access: ['auditor', 'admin'],
  query: auditEventsQuerySchema,
  responses: { 200: { description: 'A page of events', schema: auditEventsSchema } },
});

export const auditReportSchema = z
  .object({ ok: z.boolean(), eventsChecked: z.number().int(), checks: z.array(z.object({ name: z.string(), ok: z.boolean(), detail: z.string() })) })
  .meta({ id: 'AuditReport' });

export const verifyRoute = defineRoute({
  operationId: 'verifyStore',
  method: 'GET',
  path: '/api/audit/verify',
  summary: 'Replays the whole history: hash chains, ledger conservation (R11), no slot reserved twice, projections equal to a fresh replay',
  tags: ['audit'],
  access: ['auditor', 'admin'],
  responses: { 200: { description: 'The report (`ok` false when any check fails)', schema: auditReportSchema } },
});
