import { once } from 'node:events';
import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { CheckoutSessionError, InvalidCheckoutInputError, PaymentProviderUnavailableError } from './payment.errors';
import type { CheckoutInput } from './payment-provider.port';
import { WEBHOOK_SECRET } from './stripe-events.fixture';
import { createStripeClient, StripePaymentProvider } from './stripe-payment-provider.adapter';

/** A local stand-in for Stripe's API: records each request, answers what the test set. */
interface Recorded {
  readonly method: string;
  readonly path: string;
  readonly headers: IncomingHttpHeaders;
  readonly form: URLSearchParams;
}

const NOW = new Date('2026-03-12T10:00:00Z');
const minutes = (n: number) => new Date(NOW.getTime() + n * 60_000);

let server: Server;
let port: number;
let requests: Recorded[];
let answer: (form: URLSearchParams) => { status: number; body: unknown };

beforeAll(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const form = new URLSearchParams(Buffer.concat(chunks).toString('utf8'));
      requests.push({ method: req.method ?? '', path: req.url ?? '', headers: req.headers, form });
      const { status, body } = answer(form);
      res.writeHead(status, { 'content-type': 'application/json', 'request-id': 'req_test' });
      res.end(JSON.stringify(body));
    });
  });
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  port = (server.address() as AddressInfo).port;
});

afterAll(async () => {
  server.close();
  await once(server, 'close');
});

beforeEach(() => {
  requests = [];
  answer = (form) => ({
    status: 200,
    body: {
      id: 'cs_test_a1',
      object: 'checkout.session',
      url: 'https://checkout.stripe.com/c/pay/cs_test_a1',
      expires_at: Number(form.get('expires_at')),
      amount_total: 700,
      currency: 'eur',
    },
  });
});

function provider(): StripePaymentProvider {
  const stripe = createStripeClient('sk_test_local', { host: '127.0.0.1', port, protocol: 'http', maxNetworkRetries: 0 });
  return new StripePaymentProvider({ stripe, webhookSecret: WEBHOOK_SECRET, clock: () => NOW });
}

const input: CheckoutInput = {
  orderId: 'order-1',
  paymentId: 'pay-1',
  familyId: 'fam-1',
  amountCents: 700,
  currency: 'eur',
  lines: [
    { label: 'Léa Martin – Restauration scolaire – lundi 16 mars 2026', amountCents: 350 },
    { label: 'Léa Martin – Restauration scolaire – mardi 17 mars 2026', amountCents: 350 },
  ],
  expiresAt: minutes(60),
  successUrl: 'http://localhost:3000/commandes/order-1?paiement=ok',
  cancelUrl: 'http://localhost:3000/commandes/order-1',
  idempotencyKey: 'checkout-order-1-pay-1',
};

describe('StripePaymentProvider.createCheckout against a local Stripe API', () => {
  it('creates a Checkout Session in EUR with the lines, metadata, expiry and idempotency key', async () => {
    const session = await provider().createCheckout(input);

    expect(session).toEqual({ sessionId: 'cs_test_a1', checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_a1', expiresAt: minutes(60) });
    expect(requests).toHaveLength(1);
    const [request] = requests;
    expect(request.method).toBe('POST');
    expect(request.path).toBe('/v1/checkout/sessions');
    expect(request.headers['idempotency-key']).toBe('checkout-order-1-pay-1');
    expect(request.headers.authorization).toBe('Bearer sk_test_local');
    const form = Object.fromEntries(request.form);
    expect(form).toMatchObject({
      mode: 'payment',
      currency: 'eur',
      locale: 'fr',
      client_reference_id: 'order-1',
      'metadata[orderId]': 'order-1',
      'metadata[paymentId]': 'pay-1',
      'metadata[familyId]': 'fam-1',
      'payment_intent_data[metadata][orderId]': 'order-1',
      expires_at: String(minutes(60).getTime() / 1000),
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': '350',
      'line_items[0][price_data][product_data][name]': 'Léa Martin – Restauration scolaire – lundi 16 mars 2026',
      'line_items[1][price_data][unit_amount]': '350',
      'line_items[1][price_data][product_data][name]': 'Léa Martin – Restauration scolaire – mardi 17 mars 2026',
    });
    expect(form['line_items[2][quantity]']).toBeUndefined();
  });

  it('clamps a hold ending in 10 minutes to the 30-minute minimum Stripe accepts (plus margin)', async () => {
    const session = await provider().createCheckout({ ...input, expiresAt: minutes(10) });
    expect(requests[0].form.get('expires_at')).toBe(String(minutes(31).getTime() / 1000));
    expect(session.expiresAt).toEqual(minutes(31));
  });

  it('sends one summary line for the amount due when a credit was applied', async () => {
    await provider().createCheckout({ ...input, amountCents: 500 });
    const form = Object.fromEntries(requests[0].form);
    expect(form['line_items[0][price_data][unit_amount]']).toBe('500');
    expect(form['line_items[0][price_data][product_data][name]']).toContain('avoir déduit 2,00 €');
    expect(form['line_items[1][quantity]']).toBeUndefined();
  });

  it('reports an API error as PAYMENT_PROVIDER_UNAVAILABLE', async () => {
    answer = () => ({ status: 500, body: { error: { type: 'api_error', message: 'boom' } } });
    await expect(provider().createCheckout(input)).rejects.toBeInstanceOf(PaymentProviderUnavailableError);
  });

  it('reports a reused idempotency key as IDEMPOTENCY_KEY_REUSED', async () => {
    answer = () => ({ status: 400, body: { error: { type: 'idempotency_error', message: 'Keys for idempotent requests can only be used with the same parameters' } } });
    const error = await provider().createCheckout(input).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CheckoutSessionError);
    expect((error as CheckoutSessionError).code).toBe('IDEMPOTENCY_KEY_REUSED');
  });

  it('refuses bad input before calling Stripe', async () => {
    const bad: CheckoutInput[] = [
      { ...input, amountCents: 0 },
      { ...input, amountCents: 3.5 },
      { ...input, lines: [] },
      { ...input, amountCents: 800 },
      { ...input, successUrl: 'javascript:alert(1)' },
      { ...input, currency: 'usd' as 'eur' },
    ];
    for (const candidate of bad) {
      await expect(provider().createCheckout(candidate)).rejects.toBeInstanceOf(InvalidCheckoutInputError);
    }
    expect(requests).toHaveLength(0);
  });
});
