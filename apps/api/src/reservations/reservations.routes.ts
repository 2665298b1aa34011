import { z } from 'zod';
import { familyParamsSchema, idSchema, isoWeekSchema, slotSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';
import { cancellationSchema } from './cancellation.dto';
import { orderSchema } from '../orders/order.dto';
import { planningSchema } from './planning.dto';

/** Most slots one request may name (a school year of one child in every activity is ~700). */
export const MAX_SLOTS_PER_REQUEST = 1000;

// An empty list is the domain's EMPTY_REQUEST (422), not malformed input.
const slotsSchema = z.array(slotSchema).max(MAX_SLOTS_PER_REQUEST);

export const slotsBodySchema = z.object({ slots: slotsSchema }).meta({ id: 'SlotsRequest' });

const SLOT_REFUSALS = ['FAMILY_NOT_REGISTERED', 'UNKNOWN_CHILD', 'UNKNOWN_ACTIVITY', 'NOT_ENROLLED', 'NOT_SERVED', 'OUTSIDE_SCHOOL_YEAR', 'DAY_CLOSED', 'DEADLINE_PASSED', 'DUPLICATE_SLOT', 'EMPTY_REQUEST'] as const;

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
  errors: [...SLOT_REFUSALS, 'SLOT_TAKEN', 'NO_TARIFF', 'NOT_RESERVED', 'SLOT_PENDING', 'AMOUNT_OUT_OF_BOUNDS'],
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
  errors: [...SLOT_REFUSALS, 'SLOT_TAKEN', 'DAY_FULL', 'NO_TARIFF', 'AMOUNT_OUT_OF_BOUNDS', 'CONCURRENCY_CONFLICT'],
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
  errors: ['FAMILY_NOT_REGISTERED', 'UNKNOWN_CHILD', 'UNKNOWN_ACTIVITY', 'NOT_RESERVED', 'SLOT_PENDING', 'DEADLINE_PASSED', 'DUPLICATE_SLOT', 'EMPTY_REQUEST', 'AMOUNT_OUT_OF_BOUNDS', 'CONCURRENCY_CONFLICT'],
});

export const getCancellationRoute = defineRoute({
  operationId: 'getCancellation',
  method: 'GET',
  path: '/api/cancellations/:cancellationId',
  summary: 'A cancellation: the slots cancelled, the credit issued, the balance right after',
  tags: ['cancellations'],
  access: ['parent', 'admin', 'auditor'],
  params: z.object({ cancellationId: idSchema }),
  responses: { 200: { description: 'The cancellation', schema: cancellationSchema } },
  errors: ['NOT_FOUND'],
});
