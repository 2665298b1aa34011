import { z } from 'zod';
import { defineRoute } from '../platform/routing/route-definition';

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

const violationSchema = z.object({
  code: z.string(),
  message: z.string(),
  streamId: z.string().optional(),
  revision: z.number().int().optional(),
  position: z.number().int().optional(),
  familyId: z.string().optional(),
});

/** `periscol-audit verify --json`'s report: the same checks, under the same names. */
export const auditReportSchema = z
  .object({
    ok: z.boolean(),
    eventsChecked: z.number().int(),
    checks: z.array(
      z.object({
        id: z.string(),
        name: z.string(),
        ok: z.boolean(),
        detail: z.string(),
        violations: z.array(violationSchema),
        truncated: z.number().int().optional(),
        skipped: z.boolean().optional(),
      }),
    ),
    streamsChecked: z.number().int(),
    familiesChecked: z.number().int(),
    totals: z.record(z.string(), z.number().int()),
    documentNumbers: z.record(z.string(), z.number().int()),
  })
  .meta({ id: 'AuditReport' });

export const verifyRoute = defineRoute({
  operationId: 'verifyStore',
  method: 'GET',
  path: '/api/audit/verify',
  summary: 'Replays the whole history: hash chains, events readable, ledger conservation (R11), no slot twice, document numbering, projections and snapshots equal to a fresh replay',
  description: 'The same checks, under the same names, as `periscol-audit verify --json`. A row that cannot be read is a finding (stream, revision, position); every other check still runs.',
  tags: ['audit'],
  access: ['auditor', 'admin'],
  responses: { 200: { description: 'The report (`ok` false when any check fails)', schema: auditReportSchema } },
});

export const rebuildResultSchema = z
  .object({ projections: z.array(z.object({ name: z.string(), version: z.number().int(), position: z.number().int() })), headPosition: z.number().int() })
  .meta({ id: 'RebuildResult' });

export const rebuildRoute = defineRoute({
  operationId: 'rebuildProjections',
  method: 'POST',
  path: '/api/admin/projections/rebuild',
  summary: "Drop this process's read models and replay the whole history into them",
  description: 'Appends nothing to the history (so no Idempotency-Key); answers once the replay reached the head.',
  tags: ['admin'],
  access: ['admin'],
  idempotency: 'none',
  responses: { 200: { description: 'The projections after the replay', schema: rebuildResultSchema } },
});
