import { z } from 'zod';
import { centsSchema, familyParamsSchema, idSchema, isoDateSchema } from '../http/common.schemas';
import { defineRoute } from '../routing/route-definition';
import { familySchema } from '../families/family.dto';

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
  access: ['admin'],
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
  access: ['admin'],
  responses: { 200: { description: 'The families', schema: z.array(familySchema) } },
});

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

export const goodwillCreditSchema = z
  .object({ creditId: z.string(), familyId: z.string(), amountCents: z.number().int(), reason: z.string(), issuedAt: z.string(), creditBalanceCents: z.number().int() })
  .meta({ id: 'GoodwillCredit' });

export const grantCreditRoute = defineRoute({
  operationId: 'grantGoodwillCredit',
  method: 'POST',
  path: '/api/admin/families/:familyId/credits',
  summary: 'Goodwill credit (R15), e.g. a justified absence after the deadline',
  tags: ['admin'],
  access: ['admin'],
  params: familyParamsSchema,
  body: z.object({ amountCents: centsSchema, reason: z.string().trim().min(1).max(500) }).meta({ id: 'GoodwillCreditRequest' }),
  responses: { 201: { description: 'The credit', schema: goodwillCreditSchema } },
  errors: ['FAMILY_NOT_REGISTERED', 'AMOUNT_INVALID', 'CONCURRENCY_CONFLICT'],
});

export const refundSchema = z
  .object({ refundId: z.string(), familyId: z.string(), amountCents: z.number().int(), reference: z.string(), refundedAt: z.string(), creditBalanceCents: z.number().int() })
  .meta({ id: 'Refund' });

export const refundCreditRoute = defineRoute({
  operationId: 'refundCredit',
  method: 'POST',
  path: '/api/admin/families/:familyId/refunds',
  summary: 'Refund part or all of the credit balance (R15), e.g. a family leaving',
  tags: ['admin'],
  access: ['admin'],
  params: familyParamsSchema,
  body: z.object({ amountCents: centsSchema, reference: z.string().trim().min(1).max(500) }).meta({ id: 'RefundRequest' }),
  responses: { 201: { description: 'The refund', schema: refundSchema } },
  errors: ['FAMILY_NOT_REGISTERED', 'AMOUNT_INVALID', 'INSUFFICIENT_CREDIT', 'CONCURRENCY_CONFLICT'],
});

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
  access: ['admin'],
  query: z.object({ date: isoDateSchema, activityId: idSchema }),
  responses: { 200: { description: 'The attendance', schema: attendanceSchema } },
  errors: ['UNKNOWN_ACTIVITY'],
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
  access: ['admin'],
  idempotency: 'rerun',
  params: familyParamsSchema,
  body: z
    .object({
      quotientFamilial: z.number().min(0).max(1_000_000).nullable(),
      effectiveAt: z.iso.datetime({ offset: true, message: 'must be an ISO 8601 instant with its offset' }).optional(),
    })
    .meta({ id: 'QuotientFamilialRequest' }),
  responses: { 200: { description: 'The QF now recorded', schema: quotientFamilialSchema } },
  errors: ['FAMILY_NOT_REGISTERED', 'PERSON_NOT_RECORDED', 'PERSONAL_DATA_ERASED', 'CONCURRENCY_CONFLICT'],
});

export const personalDataErasureSchema = z
  .object({ familyId: z.string(), erasedAt: z.string(), reason: z.string(), personStreamDeleted: z.boolean() })
  .meta({ id: 'PersonalDataErasure' });

export const erasePersonalDataRoute = defineRoute({
  operationId: 'erasePersonalData',
  method: 'POST',
  path: '/api/admin/families/:familyId/erase-personal-data',
  summary: "R17 retention: delete the family's person stream (names, e-mail, address, school, grade, QF) and record the erasure in its financial stream",
  description:
    'Refused while the family still has business with the municipality: a pending order (`ORDERS_PENDING`: paid or abandoned first), a credit balance (`CREDIT_BALANCE_NOT_ZERO`: refunded first, R15) or a reserved day today or later (`RESERVATIONS_UPCOMING`: cancelled first). Every amount, number and hash of the other streams still verifies; documents show « données effacées ». Erasing again is a no-op answering the first erasure.',
  tags: ['admin'],
  access: ['admin'],
  params: familyParamsSchema,
  body: z.object({ reason: z.string().trim().min(1).max(500) }).meta({ id: 'PersonalDataErasureRequest' }),
  responses: { 200: { description: 'The erasure', schema: personalDataErasureSchema } },
  errors: ['FAMILY_NOT_REGISTERED', 'ORDERS_PENDING', 'CREDIT_BALANCE_NOT_ZERO', 'RESERVATIONS_UPCOMING', 'CONCURRENCY_CONFLICT'],
});
