import Stripe from 'stripe';

/** Test helpers: Stripe-shaped `checkout.session.*` events and their signature header. */
export const WEBHOOK_SECRET = 'whsec_test_periscol';

export interface SessionFields {
  readonly id?: string;
  readonly payment_status?: 'paid' | 'unpaid' | 'no_payment_required';
  readonly amount_total?: number | null;
  readonly currency?: string;
  readonly metadata?: Record<string, string> | null;
  readonly payment_intent?: string | null;
}

export function checkoutEvent(type: string, fields: SessionFields = {}, created = new Date('2026-03-12T10:00:00Z')): string {
  return JSON.stringify({
    id: `evt_${type.replace(/\W/g, '_')}`,
    object: 'event',
    type,
    created: Math.floor(created.getTime() / 1000),
    livemode: false,
    data: {
      object: {
        id: fields.id ?? 'cs_test_1',
        object: 'checkout.session',
        mode: 'payment',
        payment_status: fields.payment_status ?? 'paid',
        amount_total: fields.amount_total === undefined ? 700 : fields.amount_total,
        currency: fields.currency ?? 'eur',
        client_reference_id: 'order-1',
        metadata: fields.metadata === undefined ? { orderId: 'order-1', paymentId: 'pay-1', familyId: 'fam-1' } : fields.metadata,
        payment_intent: fields.payment_intent === undefined ? 'pi_123' : fields.payment_intent,
      },
    },
  });
}

export function stripeSignature(payload: string, signedAt: Date, secret = WEBHOOK_SECRET): string {
  return Stripe.webhooks.generateTestHeaderString({ payload, secret, timestamp: Math.floor(signedAt.getTime() / 1000) });
}
