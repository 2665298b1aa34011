import Database from 'better-sqlite3';
import { CheckoutSessionError, InvalidCheckoutInputError, InvalidSignatureError } from './payment.errors';
import type { CheckoutInput } from './payment-provider.port';
import { SIMULATED_SIGNATURE_HEADER, SimulatedPaymentProvider, type SimulatedNotify } from './simulated-payment-provider.adapter';
import { SqliteSimulatedSessionStore } from './sqlite-simulated-session-store.adapter';
import { StripePaymentProvider } from './stripe-payment-provider.adapter';
import Stripe from 'stripe';

const T0 = new Date('2026-03-12T10:00:00Z');

interface Delivery {
  readonly body: Buffer;
  readonly headers: Readonly<Record<string, string>>;
}

function setup(options: { secret?: string; notify?: SimulatedNotify } = {}) {
  let now = T0;
  let ids = 0;
  const delivered: Delivery[] = [];
  const store = new SqliteSimulatedSessionStore(new Database(':memory:'));
  const secret = options.secret ?? store.installationSecret();
  const provider = new SimulatedPaymentProvider({
    store,
    webhookSecret: secret,
    publicUrl: 'http://localhost:3000/',
    notify:
      options.notify ??
      (async (body, headers) => {
        delivered.push({ body, headers });
      }),
    clock: () => now,
    newId: () => `id${++ids}`,
  });
  return { provider, store, secret, delivered, advance: (ms: number) => (now = new Date(now.getTime() + ms)) };
}

const input: CheckoutInput = {
  orderId: 'order-1',
  paymentId: 'pay-1',
  familyId: 'fam-1',
  amountCents: 350,
  currency: 'eur',
  lines: [{ label: 'Léa Martin – Restauration scolaire – lundi 16 mars 2026', amountCents: 350 }],
  expiresAt: new Date(T0.getTime() + 60 * 60_000),
  successUrl: 'http://localhost:3000/commandes/order-1?paiement=ok',
  cancelUrl: 'http://localhost:3000/commandes/order-1',
  idempotencyKey: 'checkout-order-1-pay-1',
};

describe('SimulatedPaymentProvider.createCheckout', () => {
  it('stores a session and returns its page on this server', async () => {
    const { provider } = setup();
    const session = await provider.createCheckout(input);
    expect(session).toEqual({ sessionId: 'sim_cs_id1', checkoutUrl: 'http://localhost:3000/pay/sim_cs_id1', expiresAt: input.expiresAt });
    expect(provider.session('sim_cs_id1')).toMatchObject({ orderId: 'order-1', amountCents: 350, status: 'open' });
  });

  it('fills in {CHECKOUT_SESSION_ID} in the return URLs, as Stripe does', async () => {
    const { provider } = setup();
    const { sessionId } = await provider.createCheckout({ ...input, successUrl: 'http://localhost:3000/retour?session={CHECKOUT_SESSION_ID}' });
    expect(await provider.pay(sessionId)).toEqual({ redirectUrl: `http://localhost:3000/retour?session=${sessionId}` });
  });

  it('returns the same session for the same idempotency key', async () => {
    const { provider } = setup();
    const first = await provider.createCheckout(input);
    expect(await provider.createCheckout(input)).toEqual(first);
  });

  it('refuses the same key for another payment, and bad input', async () => {
    const { provider } = setup();
    await provider.createCheckout(input);
    await expect(provider.createCheckout({ ...input, paymentId: 'pay-2' })).rejects.toMatchObject({ code: 'IDEMPOTENCY_KEY_REUSED', httpStatus: 409 });
    await expect(provider.createCheckout({ ...input, idempotencyKey: 'other', amountCents: -1 })).rejects.toBeInstanceOf(InvalidCheckoutInputError);
  });
});

describe('SimulatedPaymentProvider page', () => {
  it('shows the amount in French format, the lines and two real forms', async () => {
    const { provider } = setup();
    const { sessionId } = await provider.createCheckout(input);
    const html = provider.renderPage(sessionId);
    expect(html).toContain('<html lang="fr">');
    expect(html).toContain('Montant à payer : <strong class="amount">3,50 €</strong>');
    expect(html).toContain('Léa Martin – Restauration scolaire – lundi 16 mars 2026');
    expect(html).toContain(`<form method="post" action="/pay/${sessionId}/pay"><button type="submit" class="pay">Payer</button></form>`);
    expect(html).toContain(`<form method="post" action="/pay/${sessionId}/cancel"><button type="submit" class="cancel">Annuler</button></form>`);
    expect(html).toContain('jeudi 12 mars 2026 à 12:00'); // expiry, Paris time
  });

  it('shows the credit deducted when the lines exceed the amount due', async () => {
    const { provider } = setup();
    const { sessionId } = await provider.createCheckout({
      ...input,
      amountCents: 500,
      lines: [
        { label: 'Lundi', amountCents: 350 },
        { label: 'Mardi', amountCents: 350 },
      ],
    });
    const html = provider.renderPage(sessionId);
    expect(html).toContain('Avoir déduit</th><td class="amount">-2,00 €');
    expect(html).toContain('Montant à payer : <strong class="amount">5,00 €</strong>');
  });

  it('escapes labels', async () => {
    const { provider } = setup();
    const { sessionId } = await provider.createCheckout({ ...input, lines: [{ label: '<script>alert("x")</script>', amountCents: 350 }] });
    const html = provider.renderPage(sessionId);
    expect(html).not.toContain('<script>');
    expect(html).toContain('&#60;script&#62;alert(&#34;x&#34;)&#60;/script&#62;');
  });

  it('offers no Payer button once paid or expired', async () => {
    const { provider, advance } = setup();
    const paid = await provider.createCheckout(input);
    await provider.pay(paid.sessionId);
    expect(provider.renderPage(paid.sessionId)).toContain('Ce paiement a déjà été effectué.');
    expect(provider.renderPage(paid.sessionId)).not.toContain('>Payer<');

    const open = await provider.createCheckout({ ...input, paymentId: 'pay-2', idempotencyKey: 'k2' });
    advance(60 * 60_000);
    expect(provider.renderPage(open.sessionId)).toContain('Cette session de paiement a expiré');
    expect(provider.renderPage(open.sessionId)).not.toContain('>Payer<');
  });

  it('reports an unknown session as CHECKOUT_SESSION_NOT_FOUND', () => {
    const { provider } = setup();
    expect(() => provider.renderPage('sim_cs_nope')).toThrow(CheckoutSessionError);
    expect(() => provider.cancel('sim_cs_nope')).toThrow(expect.objectContaining({ code: 'CHECKOUT_SESSION_NOT_FOUND', httpStatus: 404 }));
  });
});

describe('SimulatedPaymentProvider.pay → signed notification → parseWebhook', () => {
  it('notifies a paid checkout that parseWebhook verifies and maps', async () => {
    const { provider, delivered } = setup();
    const { sessionId } = await provider.createCheckout(input);

    expect(await provider.pay(sessionId)).toEqual({ redirectUrl: input.successUrl });

    expect(delivered).toHaveLength(1);
    const [{ body, headers }] = delivered;
    expect(headers[SIMULATED_SIGNATURE_HEADER]).toMatch(/^t=\d+,v1=[0-9a-f]{64}$/);
    expect(provider.parseWebhook(body, headers)).toEqual({
      kind: 'paid',
      provider: 'simulated',
      eventId: `evt_sim_${sessionId}_paid`,
      sessionId,
      orderId: 'order-1',
      paymentId: 'pay-1',
      familyId: 'fam-1',
      providerPaymentId: 'sim_pi_id2',
      amountCents: 350,
      currency: 'eur',
      paidAt: T0,
    });
    expect(provider.session(sessionId)).toMatchObject({ status: 'paid', paidAt: T0, providerPaymentId: 'sim_pi_id2' });
  });

  it('rejects a tampered body, another installation’s secret and a stale replay', async () => {
    const { provider, delivered, advance } = setup();
    await provider.pay((await provider.createCheckout(input)).sessionId);
    const [{ body, headers }] = delivered;

    const tampered = Buffer.from(body.toString('utf8').replace('"amount_total":350', '"amount_total":35000'));
    expect(() => provider.parseWebhook(tampered, headers)).toThrow(InvalidSignatureError);

    const other = setup({ secret: 'whsec_sim_other_installation' }).provider;
    expect(() => other.parseWebhook(body, headers)).toThrow(InvalidSignatureError);

    const stripe = new StripePaymentProvider({ stripe: new Stripe('sk_test_dummy'), webhookSecret: 'whsec_x', clock: () => T0 });
    expect(() => stripe.parseWebhook(body, headers)).toThrow(InvalidSignatureError); // no Stripe-Signature

    advance(301_000);
    expect(() => provider.parseWebhook(body, headers)).toThrow(InvalidSignatureError);
  });

  it('paying twice sends the same payment again (same event and payment ids), which the domain applies once', async () => {
    const { provider, delivered, advance } = setup();
    const { sessionId } = await provider.createCheckout(input);
    await provider.pay(sessionId);
    advance(5_000);
    await provider.pay(sessionId);

    const [first, second] = delivered.map((d) => provider.parseWebhook(d.body, d.headers));
    expect(delivered).toHaveLength(2);
    expect(second).toEqual(first);
  });

  it('re-sends the recorded payment when the first notification failed', async () => {
    let fail = true;
    const received: Delivery[] = [];
    const { provider } = setup({
      notify: async (body, headers) => {
        if (fail) throw new Error('webhook unreachable');
        received.push({ body, headers });
      },
    });
    const { sessionId } = await provider.createCheckout(input);
    await expect(provider.pay(sessionId)).rejects.toThrow('webhook unreachable');
    expect(provider.session(sessionId).status).toBe('paid');

    fail = false;
    await provider.pay(sessionId);
    expect(received).toHaveLength(1);
    expect(provider.parseWebhook(received[0].body, received[0].headers)).toMatchObject({ kind: 'paid', providerPaymentId: 'sim_pi_id2' });
  });

  it('refuses to pay an expired session and notifies nothing', async () => {
    const { provider, delivered, advance } = setup();
    const { sessionId } = await provider.createCheckout(input);
    advance(60 * 60_000);
    await expect(provider.pay(sessionId)).rejects.toMatchObject({ code: 'CHECKOUT_SESSION_EXPIRED', httpStatus: 410 });
    expect(delivered).toHaveLength(0);
    expect(provider.session(sessionId).status).toBe('open');
  });

  it('cancel sends the parent back to the order and leaves the session payable', async () => {
    const { provider, delivered } = setup();
    const { sessionId } = await provider.createCheckout(input);
    expect(provider.cancel(sessionId)).toEqual({ redirectUrl: input.cancelUrl });
    expect(delivered).toHaveLength(0);
    expect(provider.session(sessionId).status).toBe('open');
  });
});
