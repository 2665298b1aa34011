import { z } from 'zod';
import { centsSchema, familyParamsSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

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
  errors: ['FAMILY_NOT_REGISTERED', 'AMOUNT_INVALID', 'AMOUNT_OUT_OF_BOUNDS', 'ID_CONFLICT', 'CONCURRENCY_CONFLICT'],
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
  errors: ['FAMILY_NOT_REGISTERED', 'AMOUNT_INVALID', 'INSUFFICIENT_CREDIT', 'AMOUNT_OUT_OF_BOUNDS', 'ID_CONFLICT', 'CONCURRENCY_CONFLICT'],
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
        /** The credit a movement issued (cancellation, closure, goodwill, unapplied_payment). */
        creditId: z.string().optional(),
        /** That credit's parent-facing number (A-2026-000001), once numbered (R8). */
        creditNoteNumber: z.string().optional(),
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
  access: ['parent', 'admin', 'auditor', 'agent', 'regisseur'],
  params: familyParamsSchema,
  responses: { 200: { description: 'The credit account', schema: creditAccountSchema } },
  errors: ['NOT_FOUND'],
});
