import { z } from 'zod';
import { familyParamsSchema, idSchema } from '../platform/http/common.schemas';
import { defineRoute } from '../platform/routing/route-definition';

export const checkoutResponseSchema = z.object({ checkoutUrl: z.string() }).meta({ id: 'Checkout' });

export const checkoutRoute = defineRoute({
  operationId: 'checkoutOrder',
  method: 'POST',
  path: '/api/orders/:orderId/checkout',
  summary: 'Pay an order: opens a payment session and answers its URL',
  description:
    'Only when the order awaits payment (`action: pay`). The parent is then sent to `checkoutUrl` (Stripe Checkout, or the ' +
    "simulated payment page); the payment site's notification confirms the order and issues the payment ticket.",
  tags: ['orders'],
  access: ['parent'],
  params: z.object({ orderId: idSchema }),
  responses: { 200: { description: 'Where to send the parent to pay', schema: checkoutResponseSchema } },
  errors: ['NOT_FOUND', 'ORDER_NOT_PENDING', 'ACTION_NOT_ALLOWED', 'PAYMENT_METHOD_NOT_ACCEPTED', 'REVENUE_TYPE_NOT_IN_REGIE', 'PAYMENT_PROVIDER_UNAVAILABLE', 'INVALID_CHECKOUT_INPUT'],
});

export const webhookResponseSchema = z
  .object({
    received: z.literal(true),
    outcome: z.enum(['order_confirmed', 'credited', 'ignored', 'unmatched', 'queued']),
    reason: z.string().optional(),
    paymentId: z.string().optional(),
    orderId: z.string().optional(),
    ticketNumber: z.string().optional(),
  })
  .meta({ id: 'PaymentWebhookReceipt' });

const webhookRoute = (provider: 'stripe' | 'simulated', summary: string) =>
  defineRoute({
    operationId: provider === 'stripe' ? 'stripeWebhook' : 'simulatedPaymentWebhook',
    method: 'POST',
    path: `/api/payments/${provider}/webhook`,
    summary,
    description:
      'Raw body, signed (`Stripe-Signature`, or `Periscol-Signature` for the simulated site; too old → refused). No ' +
      'Idempotency-Key: deliveries are deduplicated on the provider payment id. 404 when this provider is not the enabled one. ' +
      'A verified notification is recorded in the payment inbox before anything else: when it cannot be processed at once, ' +
      'the answer is still 200 (`queued`) and the inbox processes it until it is in the ledger.',
    tags: ['payments'],
    access: 'public',
    idempotency: 'none',
    responses: { 200: { description: 'Received and recorded (a payment no order can take is kept as an unmatched payment)', schema: webhookResponseSchema } },
    errors: ['INVALID_SIGNATURE', 'INVALID_NOTIFICATION', 'NOT_FOUND'],
  });

export const stripeWebhookRoute = webhookRoute('stripe', 'Stripe webhook (checkout.session.*)');

export const simulatedWebhookRoute = webhookRoute('simulated', 'Webhook of the simulated payment site');

export const payfipWebhookRoute = defineRoute({
  operationId: 'payfipNotification',
  method: 'POST',
  path: '/api/payments/payfip/webhook',
  summary: 'PayFiP notification (`urlnotif`): a form carrying `idop`',
  description:
    'PayFiP posts only `idop` (form-encoded); the outcome is then asked of PayFiP (`recupererDetailPaiementSecurise`), which ' +
    'is what makes the notification trustworthy. An idop Periscol never opened → 400 (PayFiP is not asked); PayFiP unreachable ' +
    'or the payment still in progress → 502, nothing recorded (the re-query job asks again). No Idempotency-Key: deliveries are ' +
    'deduplicated on the idop. 404 when PayFiP is not the enabled provider. The outcome is recorded in the payment inbox before ' +
    'anything else, as for the other providers.',
  tags: ['payments'],
  access: 'public',
  idempotency: 'none',
  responses: { 200: { description: 'Received and recorded (a payment no order can take is kept as an unmatched payment)', schema: webhookResponseSchema } },
  errors: ['INVALID_NOTIFICATION', 'NOT_FOUND', 'PAYMENT_PROVIDER_UNAVAILABLE'],
});

const unmatchedPaymentSchema = z
  .object({
    provider: z.string(),
    providerPaymentId: z.string(),
    providerEventId: z.string(),
    orderId: z.string(),
    paymentId: z.string(),
    familyId: z.string(),
    amountCents: z.number().int(),
    paidAt: z.string(),
    reason: z.string(),
    detail: z.string(),
    method: z.enum(['card', 'direct_debit']).optional(),
    recordedAt: z.string(),
    /** Null until the régisseur attaches it to a family. */
    attachment: z
      .object({ familyId: z.string(), paymentId: z.string(), creditId: z.string(), reason: z.string(), attachedBy: z.string(), attachedAt: z.string() })
      .nullable(),
  })
  .meta({ id: 'UnmatchedPayment' });
export type UnmatchedPaymentDto = z.infer<typeof unmatchedPaymentSchema>;

export const unmatchedPaymentsRoute = defineRoute({
  operationId: 'listUnmatchedPayments',
  method: 'GET',
  path: '/api/admin/unmatched-payments',
  summary: 'Payments received that no order or family could take (to settle by hand), with their attachment once settled',
  tags: ['admin', 'regie'],
  access: ['admin', 'auditor', 'regisseur'],
  responses: { 200: { description: 'Oldest first', schema: z.array(unmatchedPaymentSchema) } },
});

export const unmatchedPaymentAttachmentSchema = z
  .object({
    provider: z.string(),
    providerPaymentId: z.string(),
    familyId: z.string(),
    /** The receipt's payment id in the family (its ticket: `GET /api/payments/:paymentId/ticket.pdf`). */
    paymentId: z.string(),
    creditId: z.string(),
    amountCents: z.number().int(),
    reason: z.string(),
    attachedBy: z.string(),
    attachedAt: z.string(),
    /** The receipt's number (R8); null only if numbering failed here (the ticket process numbers it). */
    ticketNumber: z.string().nullable(),
    creditBalanceCents: z.number().int(),
  })
  .meta({ id: 'UnmatchedPaymentAttachment' });

export const attachUnmatchedPaymentRoute = defineRoute({
  operationId: 'attachUnmatchedPayment',
  method: 'POST',
  path: '/api/regie/unmatched-payments/:providerPaymentId/attachment',
  summary: 'Attach an unmatched payment to the right family (R7): it becomes the family’s credit, a numbered receipt of its day',
  description:
    'The family gets the payment as a receipt credited in full (ticket R-<year>, journal and pack of the day it was paid, reconciled ' +
    'on the provider payment id) and a credit (avoir) with the reason; the unmatched payment is marked attached in the same atomic ' +
    'write. Once only: a payment already attached → 409 `UNMATCHED_PAYMENT_ALREADY_ATTACHED` (whichever family); the same request ' +
    'again with its Idempotency-Key answers the same.',
  tags: ['regie', 'payments'],
  access: ['regisseur'],
  params: z.object({ providerPaymentId: z.string().min(1).max(200) }),
  body: z.object({ familyId: idSchema, reason: z.string().trim().min(1).max(500) }).meta({ id: 'UnmatchedPaymentAttachmentInput' }),
  responses: { 201: { description: 'Attached: the receipt and the family’s credit', schema: unmatchedPaymentAttachmentSchema } },
  errors: ['UNKNOWN_UNMATCHED_PAYMENT', 'UNMATCHED_PAYMENT_ALREADY_ATTACHED', 'FAMILY_NOT_REGISTERED', 'AMOUNT_INVALID', 'AMOUNT_OUT_OF_BOUNDS', 'ID_CONFLICT', 'CONCURRENCY_CONFLICT'],
});

export const paymentListSchema = z
  .array(
    z.object({
      paymentId: z.string(),
      orderId: z.string(),
      amountCents: z.number().int(),
      paidAt: z.string(),
      ticketNumber: z.string().nullable(),
      provider: z.enum(['stripe', 'simulated', 'payfip']),
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
  access: ['parent', 'admin', 'auditor', 'agent', 'regisseur'],
  params: familyParamsSchema,
  responses: { 200: { description: 'The payments', schema: paymentListSchema } },
  errors: ['NOT_FOUND'],
});
