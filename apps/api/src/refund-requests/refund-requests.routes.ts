import { z } from 'zod';
import { idSchema } from '../platform/auth/actor';
import { centsSchema, familyParamsSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

export const refundRequestSchema = z
  .object({
    requestId: z.string(),
    familyId: z.string(),
    name: z.string(),
    amountCents: z.number().int(),
    reason: z.string(),
    creditIds: z.array(z.string()),
    requestedBy: z.string(),
    requestedAt: z.string(),
    status: z.enum(['pending', 'validated', 'rejected']),
    decidedBy: z.string().nullable(),
    decidedAt: z.string().nullable(),
    rejectionReason: z.string().nullable(),
    balanceCents: z.number().int(),
  })
  .meta({ id: 'RefundRequestLine' });

const reasonSchema = z.string().trim().min(1).max(500);
const requestParamsSchema = familyParamsSchema.extend({ requestId: idSchema });
const decisionErrors = ['FAMILY_NOT_REGISTERED', 'UNKNOWN_REFUND_REQUEST', 'REFUND_REQUEST_NOT_PENDING', 'REFUND_SELF_VALIDATION', 'CONCURRENCY_CONFLICT'] as const;

export const requestRefundRoute = defineRoute({
  operationId: 'requestRefund',
  method: 'POST',
  path: '/api/regie/families/:familyId/refund-requests',
  summary: 'Ask for a refund of the family credit (R19): the régisseur asks, an administrator decides',
  description: 'Moves no money: the credit drops only when another person validates the request.',
  tags: ['regie'],
  access: ['regisseur'],
  params: familyParamsSchema,
  body: z
    .object({ amountCents: centsSchema, reason: reasonSchema, creditIds: z.array(idSchema).min(1).max(200) })
    .meta({ id: 'RefundRequestInput' }),
  responses: { 201: { description: 'The request, pending', schema: refundRequestSchema } },
  errors: ['FAMILY_NOT_REGISTERED', 'AMOUNT_INVALID', 'AMOUNT_OUT_OF_BOUNDS', 'INSUFFICIENT_CREDIT', 'UNKNOWN_CREDIT', 'ID_CONFLICT', 'CONCURRENCY_CONFLICT'],
});

export const validateRefundRequestRoute = defineRoute({
  operationId: 'validateRefundRequest',
  method: 'POST',
  path: '/api/admin/families/:familyId/refund-requests/:requestId/validate',
  summary: 'Validate a refund request (R19): refunds the credit; never by the person who asked',
  tags: ['admin', 'regie'],
  access: ['admin'],
  params: requestParamsSchema,
  responses: { 200: { description: 'The request, validated', schema: refundRequestSchema } },
  errors: [...decisionErrors, 'INSUFFICIENT_CREDIT'],
});

export const rejectRefundRequestRoute = defineRoute({
  operationId: 'rejectRefundRequest',
  method: 'POST',
  path: '/api/admin/families/:familyId/refund-requests/:requestId/reject',
  summary: 'Reject a refund request with a reason (R19): the credit is kept; never by the person who asked',
  tags: ['admin', 'regie'],
  access: ['admin'],
  params: requestParamsSchema,
  body: z.object({ reason: reasonSchema }).meta({ id: 'RefundRejectionInput' }),
  responses: { 200: { description: 'The request, rejected', schema: refundRequestSchema } },
  errors: [...decisionErrors],
});

export const listRefundRequestsRoute = defineRoute({
  operationId: 'listRefundRequests',
  method: 'GET',
  path: '/api/regie/refund-requests',
  summary: 'Refund requests of every family (R19), newest first, with their status',
  tags: ['regie'],
  access: ['regisseur', 'admin', 'auditor'],
  query: z.object({ status: z.enum(['pending', 'validated', 'rejected']).optional() }).meta({ id: 'RefundRequestFilter' }),
  responses: { 200: { description: 'The requests', schema: z.object({ requests: z.array(refundRequestSchema) }).meta({ id: 'RefundRequestList' }) } },
  errors: ['VALIDATION_FAILED'],
});
