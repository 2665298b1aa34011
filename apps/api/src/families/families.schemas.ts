import { z } from 'zod';
import { familyParamsSchema, isoWeekSchema, slotSchema } from '../http/common.schemas';
import { defineRoute } from '../routing/route-definition';
import { cancellationSchema } from '../cancellations/cancellation.dto';
import { orderSchema } from '../orders/order.dto';
import { familySchema } from './family.dto';
import { historyEntrySchema } from './family-history';
import { planningSchema } from './planning.dto';

/** Most slots one request may name (a school year of one child in every activity is ~700). */
export const MAX_SLOTS_PER_REQUEST = 1000;
// An empty list is the domain's EMPTY_REQUEST (422), not malformed input.
const slotsSchema = z.array(slotSchema).max(MAX_SLOTS_PER_REQUEST);
export const slotsBodySchema = z.object({ slots: slotsSchema }).meta({ id: 'SlotsRequest' });

const SLOT_REFUSALS = ['FAMILY_NOT_REGISTERED', 'UNKNOWN_CHILD', 'UNKNOWN_ACTIVITY', 'NOT_ENROLLED', 'NOT_SERVED', 'OUTSIDE_SCHOOL_YEAR', 'DAY_CLOSED', 'DEADLINE_PASSED', 'DUPLICATE_SLOT', 'EMPTY_REQUEST'] as const;

export const getFamilyRoute = defineRoute({
  operationId: 'getFamily',
  method: 'GET',
  path: '/api/families/:familyId',
  summary: 'A family: identity, children and their enrolments, credit balance',
  tags: ['families'],
  access: ['parent', 'admin', 'auditor'],
  params: familyParamsSchema,
  responses: { 200: { description: 'The family', schema: familySchema } },
  errors: ['NOT_FOUND'],
});

export const getPlanningRoute = defineRoute({
  operationId: 'getPlanning',
  method: 'GET',
  path: '/api/families/:familyId/planning',
  summary: "The family's week: per child, day and activity, free / pending / reserved / closed / locked",
  description: 'Without `week`, the current ISO week in the municipality\'s time zone.',
  tags: ['families'],
  access: ['parent', 'admin', 'auditor'],
  params: familyParamsSchema,
  query: z.object({ week: isoWeekSchema.optional() }),
  responses: { 200: { description: 'The planning', schema: planningSchema } },
  errors: ['NOT_FOUND'],
});

const quoteLineSchema = z.object({ childId: z.string(), activityId: z.string(), date: z.string() });
export const quoteSchema = z
  .object({
    reservation: z.object({
      lines: z.array(quoteLineSchema.extend({ unitPriceCents: z.number().int() })),
      totalCents: z.number().int(),
      creditAppliedCents: z.number().int(),
      amountDueCents: z.number().int(),
    }),
    cancellation: z.object({ lines: z.array(quoteLineSchema.extend({ creditCents: z.number().int() })), totalCents: z.number().int() }),
  })
  .meta({ id: 'Quote' });

export const quoteRoute = defineRoute({
  operationId: 'quote',
  method: 'POST',
  path: '/api/families/:familyId/quote',
  summary: 'What submitting these reservations and cancellations would do (appends nothing)',
  description: 'Cancellations are applied first, so the credit they give already lowers the reservation\'s amount due.',
  tags: ['families'],
  access: ['parent', 'admin'],
  idempotency: 'none',
  params: familyParamsSchema,
  body: z.object({ reserve: slotsSchema.default([]), cancel: slotsSchema.default([]) }).meta({ id: 'QuoteRequest' }),
  responses: { 200: { description: 'The quote', schema: quoteSchema } },
  errors: [...SLOT_REFUSALS, 'SLOT_TAKEN', 'NO_TARIFF', 'NOT_RESERVED', 'SLOT_PENDING'],
});

export const requestReservationRoute = defineRoute({
  operationId: 'requestReservation',
  method: 'POST',
  path: '/api/families/:familyId/reservations',
  summary: '« Demande de réservation »: the slots become pending, credit is applied (R4)',
  tags: ['families', 'orders'],
  access: ['parent', 'admin'],
  params: familyParamsSchema,
  body: slotsBodySchema,
  responses: { 201: { description: 'The order', schema: orderSchema } },
  errors: [...SLOT_REFUSALS, 'SLOT_TAKEN', 'NO_TARIFF', 'CONCURRENCY_CONFLICT'],
});

export const cancelReservationsRoute = defineRoute({
  operationId: 'cancelReservations',
  method: 'POST',
  path: '/api/families/:familyId/cancellations',
  summary: 'Cancel reserved slots before their deadline: each is credited at its reserved price (R9)',
  tags: ['families', 'cancellations'],
  access: ['parent', 'admin'],
  params: familyParamsSchema,
  body: slotsBodySchema,
  responses: { 201: { description: 'The cancellation', schema: cancellationSchema } },
  errors: ['FAMILY_NOT_REGISTERED', 'UNKNOWN_CHILD', 'UNKNOWN_ACTIVITY', 'NOT_RESERVED', 'SLOT_PENDING', 'DEADLINE_PASSED', 'DUPLICATE_SLOT', 'EMPTY_REQUEST', 'CONCURRENCY_CONFLICT'],
});

export const creditAccountSchema = z
  .object({
    balanceCents: z.number().int(),
    heldCents: z.number().int(),
    movements: z.array(
      z.object({
        at: z.string(),
        kind: z.enum(['cancellation', 'closure', 'goodwill', 'unapplied_payment', 'applied_to_order', 'released_from_order', 'refund']),
        amountCents: z.number().int(),
        sourceId: z.string(),
        balanceAfterCents: z.number().int(),
      }),
    ),
  })
  .meta({ id: 'CreditAccount' });

export const getCreditsRoute = defineRoute({
  operationId: 'getCredits',
  method: 'GET',
  path: '/api/families/:familyId/credits',
  summary: 'Credit (avoir) balance and its movements, oldest first',
  tags: ['families'],
  access: ['parent', 'admin', 'auditor'],
  params: familyParamsSchema,
  responses: { 200: { description: 'The credit account', schema: creditAccountSchema } },
  errors: ['NOT_FOUND'],
});

export const paymentListSchema = z
  .array(
    z.object({
      paymentId: z.string(),
      orderId: z.string(),
      amountCents: z.number().int(),
      paidAt: z.string(),
      ticketNumber: z.string().nullable(),
      provider: z.enum(['stripe', 'simulated']),
      outcome: z.enum(['order_confirmed', 'credited']),
    }),
  )
  .meta({ id: 'PaymentList' });

export const listPaymentsRoute = defineRoute({
  operationId: 'listFamilyPayments',
  method: 'GET',
  path: '/api/families/:familyId/payments',
  summary: 'Confirmed payments and their ticket numbers, oldest first',
  tags: ['families', 'payments'],
  access: ['parent', 'admin', 'auditor'],
  params: familyParamsSchema,
  responses: { 200: { description: 'The payments', schema: paymentListSchema } },
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
  access: ['parent', 'admin', 'auditor'],
  params: familyParamsSchema,
  query: z.object({
    after: z.coerce.number().int().min(0).optional(),
    limit: z.coerce.number().int().min(1).max(1000).default(100),
  }),
  responses: { 200: { description: 'A page of the history', schema: familyHistorySchema } },
  errors: ['NOT_FOUND'],
});
