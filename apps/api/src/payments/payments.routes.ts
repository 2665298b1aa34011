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
  errors: ['NOT_FOUND', 'ORDER_NOT_PENDING', 'ACTION_NOT_ALLOWED', 'PAYMENT_PROVIDER_UNAVAILABLE', 'INVALID_CHECKOUT_INPUT'],
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

export const unmatchedPaymentsRoute = defineRoute({
  operationId: 'listUnmatchedPayments',
  method: 'GET',
  path: '/api/admin/unmatched-payments',
  summary: 'Payments received that no order or family could take (to settle by hand)',
  tags: ['admin'],
  access: ['admin', 'auditor'],
  responses: {
    200: {
      description: 'Oldest first',
      schema: z.array(
        z.object({
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
          recordedAt: z.string(),
        }),
      ),
    },
  },
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
