import Stripe from 'stripe';
import { InvalidNotificationError, InvalidSignatureError } from './payment.errors';
import { checkoutEvent, stripeSignature, WEBHOOK_SECRET } from './stripe-events.fixture';
import { checkoutLines, clampStripeExpiry, StripePaymentProvider } from './stripe-payment-provider.adapter';

const NOW = new Date('2026-03-12T10:00:00Z');

function provider(now = NOW): StripePaymentProvider {
  // Webhook parsing never calls the API: the key is a dummy.
  return new StripePaymentProvider({ stripe: new Stripe('sk_test_dummy'), webhookSecret: WEBHOOK_SECRET, clock: () => now });
}

function delivery(payload: string, signedAt = NOW, secret = WEBHOOK_SECRET): [Buffer, Record<string, string>] {
  return [Buffer.from(payload), { 'stripe-signature': stripeSignature(payload, signedAt, secret) }];
}

function signatureError(run: () => unknown): InvalidSignatureError {
  try {
    run();
  } catch (error) {
    expect(error).toBeInstanceOf(InvalidSignatureError);
    return error as InvalidSignatureError;
  }
  throw new Error('expected an InvalidSignatureError');
}

describe('StripePaymentProvider.parseWebhook — signature', () => {
  it('accepts a delivery signed with the webhook secret and maps the paid session', () => {
    expect(provider().parseWebhook(...delivery(checkoutEvent('checkout.session.completed')))).toEqual({
      kind: 'paid',
      provider: 'stripe',
      eventId: 'evt_checkout_session_completed',
      sessionId: 'cs_test_1',
      orderId: 'order-1',
      paymentId: 'pay-1',
      familyId: 'fam-1',
      providerPaymentId: 'pi_123',
      amountCents: 700,
      currency: 'eur',
      paidAt: NOW,
    });
  });

  it('finds the header whatever its case', () => {
    const payload = checkoutEvent('checkout.session.completed');
    const notification = provider().parseWebhook(Buffer.from(payload), { 'Stripe-Signature': stripeSignature(payload, NOW) });
    expect(notification.kind).toBe('paid');
  });

  it('rejects a signature made with another secret (forged)', () => {
    const error = signatureError(() => provider().parseWebhook(...delivery(checkoutEvent('checkout.session.completed'), NOW, 'whsec_attacker')));
    expect(error.code).toBe('INVALID_SIGNATURE');
    expect(error.httpStatus).toBe(400);
  });

  it('rejects a body altered after signing', () => {
    const payload = checkoutEvent('checkout.session.completed', { amount_total: 700 });
    const [, headers] = delivery(payload);
    const tampered = Buffer.from(payload.replace('"amount_total":700', '"amount_total":7'));
    signatureError(() => provider().parseWebhook(tampered, headers));
  });

  it('rejects a delivery signed more than 300 s before now, accepts one signed 300 s before', () => {
    const payload = checkoutEvent('checkout.session.completed');
    signatureError(() => provider().parseWebhook(...delivery(payload, new Date(NOW.getTime() - 301_000))));
    expect(provider().parseWebhook(...delivery(payload, new Date(NOW.getTime() - 300_000))).kind).toBe('paid');
  });

  it('rejects an old but genuine delivery replayed later (the injected clock moved on)', () => {
    const [body, headers] = delivery(checkoutEvent('checkout.session.completed'), NOW);
    expect(provider(NOW).parseWebhook(body, headers).kind).toBe('paid');
    signatureError(() => provider(new Date(NOW.getTime() + 10 * 60_000)).parseWebhook(body, headers));
  });

  it('rejects a missing, empty or repeated header and an empty body', () => {
    const [body, headers] = delivery(checkoutEvent('checkout.session.completed'));
    signatureError(() => provider().parseWebhook(body, {}));
    signatureError(() => provider().parseWebhook(body, { 'stripe-signature': '' }));
    signatureError(() => provider().parseWebhook(body, { 'stripe-signature': [headers['stripe-signature'], headers['stripe-signature']] }));
    signatureError(() => provider().parseWebhook(Buffer.alloc(0), headers));
    signatureError(() => provider().parseWebhook(body, { 'stripe-signature': 'garbage' }));
  });

  it('is pure: the same delivery parses to the same notification every time', () => {
    const [body, headers] = delivery(checkoutEvent('checkout.session.completed'));
    expect(provider().parseWebhook(body, headers)).toEqual(provider().parseWebhook(body, headers));
  });
});

describe('StripePaymentProvider.parseWebhook — events', () => {
  const parse = (payload: string) => provider().parseWebhook(...delivery(payload));

  it('completed but unpaid (delayed payment method) is ignored until the async outcome', () => {
    expect(parse(checkoutEvent('checkout.session.completed', { payment_status: 'unpaid' }))).toEqual({
      kind: 'ignored',
      eventType: 'checkout.session.completed',
      eventId: 'evt_checkout_session_completed',
      reason: 'payment_status_unpaid',
    });
  });

  it('async_payment_succeeded is a payment', () => {
    const notification = parse(checkoutEvent('checkout.session.async_payment_succeeded', { amount_total: 1250 }));
    expect(notification).toMatchObject({ kind: 'paid', amountCents: 1250, providerPaymentId: 'pi_123', orderId: 'order-1' });
  });

  it('async_payment_failed and expired are failures naming the order', () => {
    expect(parse(checkoutEvent('checkout.session.async_payment_failed'))).toMatchObject({
      kind: 'failed',
      reason: 'payment_failed',
      orderId: 'order-1',
      paymentId: 'pay-1',
      failedAt: NOW,
    });
    expect(parse(checkoutEvent('checkout.session.expired', { payment_status: 'unpaid' }))).toMatchObject({
      kind: 'failed',
      reason: 'expired',
      sessionId: 'cs_test_1',
    });
  });

  it('other event types are ignored', () => {
    expect(parse(checkoutEvent('payment_intent.succeeded'))).toEqual({
      kind: 'ignored',
      eventType: 'payment_intent.succeeded',
      eventId: 'evt_payment_intent_succeeded',
    });
  });

  it('a session without Periscol metadata (another integration) is ignored', () => {
    expect(parse(checkoutEvent('checkout.session.completed', { metadata: {} }))).toMatchObject({ kind: 'ignored', reason: 'not_periscol' });
  });

  it('uses the session id when the PaymentIntent is absent', () => {
    expect(parse(checkoutEvent('checkout.session.completed', { payment_intent: null }))).toMatchObject({ providerPaymentId: 'cs_test_1' });
  });

  it('refuses a correctly signed body that is not an event', () => {
    expect(() => parse('not json')).toThrow(InvalidNotificationError);
    expect(() => parse('{"id":"evt_1","type":"checkout.session.completed"}')).toThrow(InvalidNotificationError);
    expect(() => parse('null')).toThrow(InvalidNotificationError);
  });

  it('refuses a signed event of ours with partial metadata, no amount or another currency', () => {
    expect(() => parse(checkoutEvent('checkout.session.completed', { metadata: { orderId: 'order-1' } }))).toThrow(InvalidNotificationError);
    expect(() => parse(checkoutEvent('checkout.session.completed', { amount_total: null }))).toThrow(InvalidNotificationError);
    expect(() => parse(checkoutEvent('checkout.session.completed', { currency: 'usd' }))).toThrow(InvalidNotificationError);
  });
});

describe('clampStripeExpiry', () => {
  const at = (minutes: number) => new Date(NOW.getTime() + minutes * 60_000);

  it('keeps the hold end when Stripe accepts it', () => {
    expect(clampStripeExpiry(at(60), NOW)).toEqual(at(60));
  });

  it('moves a hold ending in less than 30 minutes to 31 minutes from now', () => {
    expect(clampStripeExpiry(at(10), NOW)).toEqual(at(31));
    expect(clampStripeExpiry(at(-5), NOW)).toEqual(at(31));
  });

  it('caps a hold longer than 24 hours one minute before the limit', () => {
    expect(clampStripeExpiry(at(3 * 24 * 60), NOW)).toEqual(at(24 * 60 - 1));
  });

  it('rounds up to the whole second Stripe takes', () => {
    expect(clampStripeExpiry(new Date(at(60).getTime() + 1), NOW)).toEqual(new Date(at(60).getTime() + 1000));
  });
});

describe('checkoutLines', () => {
  const base = {
    orderId: 'order-1',
    paymentId: 'pay-1',
    familyId: 'fam-1',
    currency: 'eur' as const,
    expiresAt: NOW,
    successUrl: 'http://localhost/ok',
    cancelUrl: 'http://localhost/ko',
    idempotencyKey: 'k',
  };
  const lines = [
    { label: 'Léa – cantine – lundi 16 mars 2026', amountCents: 350 },
    { label: 'Léa – cantine – mardi 17 mars 2026', amountCents: 350 },
  ];

  it('passes the order lines when they add up to the amount', () => {
    expect(checkoutLines({ ...base, amountCents: 700, lines })).toBe(lines);
  });

  it('replaces them by one summary line naming the credit when a credit lowers the amount', () => {
    expect(checkoutLines({ ...base, amountCents: 500, lines })).toEqual([
      { label: 'Réservations périscolaires (2 prestations) : 7,00 €, avoir déduit 2,00 €', amountCents: 500 },
    ]);
  });

  it('summarises more than 100 lines', () => {
    const many = Array.from({ length: 101 }, (_, i) => ({ label: `jour ${i}`, amountCents: 100 }));
    expect(checkoutLines({ ...base, amountCents: 10_100, lines: many })).toEqual([
      { label: 'Réservations périscolaires (101 prestations)', amountCents: 10_100 },
    ]);
  });
});
