import { z } from 'zod';
import { familyParamsSchema, idSchema, isoDateSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';
import { familySchema } from './family.dto';
import { historyEntrySchema } from './family-history';

// Mirrors the person stream's own rules (R17 identity), so that a registration the edge accepts
// is never refused half-way by the person decider.
const nameSchema = z.string().trim().min(1).max(200);

const activityIdsSchema = z
  .array(idSchema)
  .max(50)
  .refine((ids) => new Set(ids).size === ids.length, { message: 'must not repeat an activity' });

export const registerFamilyBodySchema = z
  .object({
    familyId: idSchema.optional(),
    name: nameSchema,
    email: z.email(),
    address: z.string().trim().min(1).max(500).optional(),
    resident: z.boolean(),
    quotientFamilial: z.number().min(0).max(1_000_000).nullable().optional(),
    children: z
      .array(
        z.object({
          childId: idSchema.optional(),
          firstName: nameSchema,
          lastName: nameSchema,
          school: nameSchema,
          grade: z.string().trim().min(1).max(50),
          birthDate: isoDateSchema.optional(),
          activityIds: activityIdsSchema,
        }),
      )
      .max(20)
      .refine((children) => {
        const ids = children.flatMap((child) => (child.childId ? [child.childId] : []));
        return new Set(ids).size === ids.length;
      }, { message: 'childId must not repeat' }),
  })
  .meta({ id: 'RegisterFamilyRequest' });

export const registerFamilyRoute = defineRoute({
  operationId: 'registerFamily',
  method: 'POST',
  path: '/api/admin/families',
  summary: 'Register a family, its children and their enrolments (identity in the person stream, R17)',
  description: 'Ids not given are derived from the Idempotency-Key. The answer holds personal data, so a replay runs the (idempotent) registration again instead of storing it.',
  tags: ['admin'],
  access: ['admin', 'agent'],
  idempotency: 'rerun',
  body: registerFamilyBodySchema,
  responses: { 201: { description: 'The family', schema: familySchema } },
  errors: ['FAMILY_ALREADY_REGISTERED', 'UNKNOWN_ACTIVITY', 'CONCURRENCY_CONFLICT'],
});

export const listFamiliesRoute = defineRoute({
  operationId: 'listFamilies',
  method: 'GET',
  path: '/api/admin/families',
  summary: 'Every registered family, by id',
  tags: ['admin'],
  access: ['admin', 'agent'],
  responses: { 200: { description: 'The families', schema: z.array(familySchema) } },
});

export const quotientFamilialSchema = z
  .object({ familyId: z.string(), quotientFamilial: z.number().nullable(), effectiveAt: z.string().nullable() })
  .meta({ id: 'QuotientFamilial' });

export const updateQuotientFamilialRoute = defineRoute({
  operationId: 'updateQuotientFamilial',
  method: 'PUT',
  path: '/api/admin/families/:familyId/quotient-familial',
  summary: "Record the family's quotient familial (person stream, R17): reservations requested from now on are priced with it (R3), past orders keep their frozen prices",
  description:
    '`null` records that no QF is known (highest price). `effectiveAt` (an instant, default now, never in the future) dates the attestation. The body and the answer are personal data, so a replay with the same Idempotency-Key runs the (idempotent) update again instead of storing the answer.',
  tags: ['admin'],
  access: ['admin', 'agent'],
  idempotency: 'rerun',
  params: familyParamsSchema,
  body: z
    .object({
      quotientFamilial: z.number().min(0).max(1_000_000).nullable(),
      effectiveAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with its offset' }).optional(),
    })
    .meta({ id: 'QuotientFamilialRequest' }),
  responses: { 200: { description: 'The QF now recorded', schema: quotientFamilialSchema } },
  errors: ['FAMILY_NOT_REGISTERED', 'PERSON_NOT_RECORDED', 'PERSONAL_DATA_ERASED', 'EFFECTIVE_DATE_IN_FUTURE', 'CONCURRENCY_CONFLICT'],
});

export const getFamilyRoute = defineRoute({
  operationId: 'getFamily',
  method: 'GET',
  path: '/api/families/:familyId',
  summary: 'A family: identity, children and their enrolments, credit balance',
  tags: ['families'],
  access: ['parent', 'admin', 'auditor', 'agent', 'regisseur'],
  params: familyParamsSchema,
  responses: { 200: { description: 'The family', schema: familySchema } },
  errors: ['NOT_FOUND'],
});

export const familyHistorySchema = z
  .object({ familyId: z.string(), entries: z.array(historyEntrySchema), next: z.number().int().optional() })
  .meta({ id: 'FamilyHistory' });

export const getFamilyHistoryRoute = defineRoute({
  operationId: 'getFamilyHistory',
  method: 'GET',
  path: '/api/families/:familyId/history',
  summary: "« Historique »: every change of the family's account, oldest first, each with a French sentence",
  description:
    'Read from the financial stream `family-<familyId>` (events upcast to their current version), so it holds ids, dates, amounts and document numbers, never personal data (R17). Paged by stream revision: pass the answer\'s `next` as `after`; `next` is absent on the last page.',
  tags: ['families'],
  access: ['parent', 'admin', 'auditor', 'agent', 'regisseur'],
  params: familyParamsSchema,
  query: z.object({
    after: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  }),
  responses: { 200: { description: 'A page of the history', schema: familyHistorySchema } },
  errors: ['NOT_FOUND'],
});

export const familySearchSchema = z
  .object({
    query: z.string(),
    total: z.number().int(),
    families: z.array(
      z.object({
        familyId: z.string(),
        name: z.string().nullable(),
        email: z.string().nullable(),
        children: z.array(z.object({ childId: z.string(), firstName: z.string(), lastName: z.string(), school: z.string(), grade: z.string() })),
      }),
    ),
  })
  .meta({ id: 'FamilySearch' });

export const searchFamiliesRoute = defineRoute({
  operationId: 'searchFamilies',
  method: 'GET',
  path: '/api/admin/families/search',
  summary: "The agents' family search: families whose name, e-mail, children's names, school or class start with every word of `q`",
  description: 'Case and accents are ignored; each word matches the start of a word. Answered from the family-search read model (an index of words), by name; `total` counts every match, `families` holds the first `limit`.',
  tags: ['admin'],
  access: ['admin', 'agent', 'auditor', 'regisseur'],
  query: z.object({
    q: z.string().trim().min(1).max(200),
    limit: z.coerce.number().int().min(1).max(100).default(50),
  }),
  responses: { 200: { description: 'The families found', schema: familySearchSchema } },
});

export const enrolChildRoute = defineRoute({
  operationId: 'enrolChild',
  method: 'POST',
  path: '/api/admin/families/:familyId/children',
  summary: 'Enrol a new child in a registered family: its activities (family stream) and its identity (person stream, R17)',
  description: 'The child id, when not given, is derived from the Idempotency-Key. The answer holds personal data, so a replay runs the (idempotent) enrolment again instead of storing it.',
  tags: ['admin'],
  access: ['admin', 'agent'],
  idempotency: 'rerun',
  params: familyParamsSchema,
  body: z
    .object({
      childId: idSchema.optional(),
      firstName: nameSchema,
      lastName: nameSchema,
      school: nameSchema,
      grade: z.string().trim().min(1).max(50),
      birthDate: isoDateSchema.optional(),
      activityIds: activityIdsSchema,
    })
    .meta({ id: 'EnrolChildRequest' }),
  responses: { 201: { description: 'The family', schema: familySchema } },
  errors: ['FAMILY_NOT_REGISTERED', 'PERSON_NOT_RECORDED', 'PERSONAL_DATA_ERASED', 'UNKNOWN_ACTIVITY', 'CHILD_ALREADY_ENROLLED', 'CONCURRENCY_CONFLICT'],
});
