import { holdingStatus } from '@periscol/reservation-domain';
import request from 'supertest';
import { expectErrorShape } from './support/http';
import {
  adminToken,
  dupreFamily,
  eventsOfType,
  FakeStripeApi,
  familyState,
  mailServices,
  parentToken,
  postStripeWebhook,
  requestOrder,
  runFamily,
  seedFamily,
  slot,
  startPaymentsApp,
  STRIPE_ENV,
  stripeCheckoutEvent,
  stripeSignature,
  streamEvents,
  W50,
} from './support/payments-journey';
import type { TestApp } from './support/test-app';

describe('payments with Stripe (Checkout Sessions, signed webhooks)', () => {
  let api: FakeStripeApi;
  let t: TestApp;
  let token: string;

  beforeAll(async () => {
    api = await FakeStripeApi.start();
  });

  afterAll(async () => {
    await api.close();
  });

  beforeEach(async () => {
    api.requests.length = 0;
    t = await startPaymentsApp({ env: { ...STRIPE_ENV }, overrides: { stripeClient: api.clientOptions } });
    await seedFamily(t, dupreFamily());
    token = parentToken(t, 'fam-dupre');
  });

  afterEach(async () => {
    await t.close();
  });

  /** The paid event Stripe sends for `orderId`'s payment (created now, by the app's clock). */
  function paidEvent(orderId: string, paymentId: string, amountCents: number, extra: Partial<Parameters<typeof stripeCheckoutEvent>[0]> = {}) {
    return stripeCheckoutEvent({ orderId, paymentId, familyId: 'fam-dupre', amountCents, paymentIntent: `pi_${paymentId}`, created: t.clock.now(), ...extra });
  }

  function deliver(payload: string) {
    return postStripeWebhook(t, payload, stripeSignature(payload, t.clock.now()));
  }

  it('creates the Checkout Session through the checkout route: EUR, ids in metadata, hold expiry, idempotency key per order and payment', async () => {
    const order = await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday), slot('c-noah', 'restauration', W50.thursday)], 650);
    const res = await request(t.url).post('/api/orders/ord-1/checkout').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'click-1').send({}).expect(200);
    expect(res.body).toEqual({ checkoutUrl: 'https://checkout.stripe.com/c/pay/cs_test_1' });

    const [started] = await eventsOfType(t, 'family-fam-dupre', 'PaymentStarted');
    const paymentId = (started.data as { paymentId: string }).paymentId;
    expect(started.data).toMatchObject({ orderId: 'ord-1', provider: 'stripe', amountCents: 420 });

    expect(api.requests).toHaveLength(1);
    const [sent] = api.requests;
    expect(sent.method).toBe('POST');
    expect(sent.path).toBe('/v1/checkout/sessions');
    expect(sent.headers['idempotency-key']).toBe(`ord-1:${paymentId}`);
    expect(sent.headers.authorization).toBe(`Bearer ${STRIPE_ENV.STRIPE_SECRET_KEY}`);
    const form = Object.fromEntries(sent.form);
    expect(form).toMatchObject({
      mode: 'payment',
      currency: 'eur',
      locale: 'fr',
      client_reference_id: 'ord-1',
      'metadata[orderId]': 'ord-1',
      'metadata[paymentId]': paymentId,
      'metadata[familyId]': 'fam-dupre',
      'payment_intent_data[metadata][orderId]': 'ord-1',
      'line_items[0][quantity]': '1',
      'line_items[0][price_data][currency]': 'eur',
      'line_items[0][price_data][unit_amount]': '210',
      'line_items[0][price_data][product_data][name]': 'Léa — Restauration scolaire — lundi 7 décembre 2026',
      'line_items[1][price_data][unit_amount]': '210',
      'line_items[1][price_data][product_data][name]': 'Noah — Restauration scolaire — jeudi 10 décembre 2026',
      success_url: `${t.config.publicUrl}/#/commande/ord-1?paiement=ok`,
      cancel_url: `${t.config.publicUrl}/#/commande/ord-1?paiement=annule`,
      expires_at: String(Date.parse(order.expiresAt) / 1000),
    });

    // The same click again: the stored answer, no second session nor payment.
    await request(t.url).post('/api/orders/ord-1/checkout').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'click-1').send({}).expect(200);
    expect(api.requests).toHaveLength(1);
  });

  it('sends one summary line for the amount due when a credit (avoir) applies', async () => {
    await runFamily(t, 'fam-dupre', { type: 'GrantGoodwillCredit', data: { creditId: 'gw-1', amountCents: 100, reason: 'Geste commercial' } }, 'seed:gw');
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday), slot('c-noah', 'restauration', W50.monday)], 650);
    await request(t.url).post('/api/orders/ord-1/checkout').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'click-1').send({}).expect(200);
    const form = Object.fromEntries(api.requests[0].form);
    expect(form['line_items[0][price_data][unit_amount]']).toBe('320');
    expect(form['line_items[0][price_data][product_data][name]']).toContain('avoir déduit 1,00');
    expect(form['line_items[1][quantity]']).toBeUndefined();
  });

  it('accepts a correctly signed webhook, refuses a forged one and a too-old one (400, nothing recorded)', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    const payload = paidEvent('ord-1', 'pay-1', 210);
    const head = await t.store.headPosition();

    const forged = await postStripeWebhook(t, payload, stripeSignature(payload, t.clock.now(), 'whsec_not_ours')).expect(400);
    expectErrorShape(forged.body, 'INVALID_SIGNATURE');
    const tampered = await postStripeWebhook(t, payload.replace('"amount_total":210', '"amount_total":1'), stripeSignature(payload, t.clock.now())).expect(400);
    expectErrorShape(tampered.body, 'INVALID_SIGNATURE');
    const tooOld = await postStripeWebhook(t, payload, stripeSignature(payload, new Date(t.clock.now().getTime() - 6 * 60_000))).expect(400);
    expectErrorShape(tooOld.body, 'INVALID_SIGNATURE');
    const unsigned = await request(t.url).post('/api/payments/stripe/webhook').set('Content-Type', 'application/json').send(payload).expect(400);
    expectErrorShape(unsigned.body, 'INVALID_SIGNATURE');
    expect(await t.store.headPosition()).toBe(head);

    const accepted = await deliver(payload).expect(200);
    expect(accepted.body).toEqual({ received: true, outcome: 'order_confirmed', paymentId: 'pay-1', orderId: 'ord-1', ticketNumber: 'R-2026-000001' });
    expect((await familyState(t, 'fam-dupre')).orders.get('ord-1')?.status).toBe('confirmed');
  });

  it('applies a payment delivered several times (even at once) exactly once: one confirmation, one ticket, one e-mail', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    const payload = paidEvent('ord-1', 'pay-1', 210);
    const answers = await Promise.all([deliver(payload), deliver(payload), deliver(payload)]);
    await deliver(payload).expect(200);
    for (const answer of answers) expect(answer.body).toMatchObject({ outcome: 'order_confirmed', ticketNumber: 'R-2026-000001' });

    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentConfirmed')).toHaveLength(1);
    expect(await eventsOfType(t, 'family-fam-dupre', 'ReservationConfirmed')).toHaveLength(1);
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentTicketIssued')).toHaveLength(1);
    expect(await streamEvents(t, 'numbering-R-2026')).toHaveLength(1);
    expect((await mailServices(t).outbox.counts()).pending).toBe(1);
  });

  it('tolerates notifications out of order: expired or failed after paid change nothing; unpaid then async success pays', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    await requestOrder(t, 'fam-dupre', 'ord-2', [slot('c-noah', 'restauration', W50.monday)], 650);
    await deliver(paidEvent('ord-1', 'pay-1', 210)).expect(200);
    const head = await t.store.headPosition();

    const expired = await deliver(paidEvent('ord-1', 'pay-1', 210, { type: 'checkout.session.expired', paymentStatus: 'unpaid' })).expect(200);
    expect(expired.body).toEqual({ received: true, outcome: 'ignored', reason: 'expired' });
    const failed = await deliver(paidEvent('ord-1', 'pay-1', 210, { type: 'checkout.session.async_payment_failed' })).expect(200);
    expect(failed.body).toMatchObject({ outcome: 'ignored', reason: 'payment_failed' });
    expect(await t.store.headPosition()).toBe(head);
    expect((await familyState(t, 'fam-dupre')).orders.get('ord-1')?.status).toBe('confirmed');

    // A delayed method: completed but unpaid first (ignored), then the async success confirms.
    const unpaid = await deliver(paidEvent('ord-2', 'pay-2', 210, { paymentStatus: 'unpaid' })).expect(200);
    expect(unpaid.body).toMatchObject({ outcome: 'ignored', reason: 'payment_status_unpaid' });
    const succeeded = await deliver(paidEvent('ord-2', 'pay-2', 210, { type: 'checkout.session.async_payment_succeeded' })).expect(200);
    expect(succeeded.body).toMatchObject({ outcome: 'order_confirmed', ticketNumber: 'R-2026-000002' });
  });

  it('confirms a late payment when every slot is still bookable (R7)', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    t.clock.advance({ hours: 2 }); // the hold (60 min) is over; the canteen deadline (1 December) is not
    const res = await deliver(paidEvent('ord-1', 'pay-1', 210)).expect(200);
    expect(res.body).toMatchObject({ outcome: 'order_confirmed', ticketNumber: 'R-2026-000001' });
    const types = (await streamEvents(t, 'family-fam-dupre')).map((event) => event.type);
    expect(types.slice(-4)).toEqual(['ReservationExpired', 'PaymentConfirmed', 'ReservationConfirmed', 'PaymentTicketIssued']);
    const state = await familyState(t, 'fam-dupre');
    expect(state.orders.get('ord-1')?.status).toBe('confirmed');
    const holding = state.slots.get('c-lea|restauration|2026-12-07');
    expect(holding && holdingStatus(state, holding)).toBe('reserved');
  });

  it('credits a late payment in full when a slot was taken meanwhile, and an amount that does not match (R7)', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday), slot('c-noah', 'restauration', W50.monday)], 650);
    t.clock.advance({ hours: 2 });
    // The parent booked Léa's Monday again in a new order: ord-1 can no longer be confirmed.
    await requestOrder(t, 'fam-dupre', 'ord-2', [slot('c-lea', 'restauration', W50.monday)], 650);
    const late = await deliver(paidEvent('ord-1', 'pay-1', 420)).expect(200);
    expect(late.body).toMatchObject({ outcome: 'credited', ticketNumber: 'R-2026-000001' });
    let state = await familyState(t, 'fam-dupre');
    expect(state.orders.get('ord-1')?.status).toBe('expired');
    expect(state.balanceCents).toBe(420);
    expect(state.credits.get('pay-1-credit')).toMatchObject({ amountCents: 420, source: 'unapplied_payment', sourceId: 'pay-1' });

    const wrongAmount = await deliver(paidEvent('ord-2', 'pay-2', 999)).expect(200);
    expect(wrongAmount.body).toMatchObject({ outcome: 'credited', ticketNumber: 'R-2026-000002' });
    state = await familyState(t, 'fam-dupre');
    expect(state.orders.get('ord-2')?.status).toBe('pending');
    expect(state.balanceCents).toBe(420 + 999);
  });

  it('keeps money no order can take: unknown family → unmatched payment for an agent; unknown order → credit', async () => {
    const stray = stripeCheckoutEvent({ orderId: 'ord-x', paymentId: 'pay-x', familyId: 'fam-nobody', amountCents: 700, paymentIntent: 'pi_stray', created: t.clock.now() });
    const res = await deliver(stray).expect(200);
    expect(res.body).toEqual({ received: true, outcome: 'unmatched', reason: 'UNKNOWN_FAMILY' });
    await deliver(stray).expect(200);
    const listed = await request(t.url).get('/api/admin/unmatched-payments').set('Authorization', `Bearer ${adminToken(t)}`).expect(200);
    expect(listed.body).toEqual([
      expect.objectContaining({ provider: 'stripe', providerPaymentId: 'pi_stray', familyId: 'fam-nobody', orderId: 'ord-x', amountCents: 700, reason: 'UNKNOWN_FAMILY' }),
    ]);
    expect(t.logs.some((line) => line.level === 40 && String(line.msg).includes('unmatched-payments'))).toBe(true);
    await request(t.url).get('/api/admin/unmatched-payments').set('Authorization', `Bearer ${token}`).expect(403);

    const unknownOrder = await deliver(paidEvent('ord-gone', 'pay-9', 500)).expect(200);
    expect(unknownOrder.body).toMatchObject({ outcome: 'credited' });
    expect((await familyState(t, 'fam-dupre')).balanceCents).toBe(500);
  });

  it('serves only the enabled provider: the simulated webhook and pages answer 404', async () => {
    const payload = paidEvent('ord-1', 'pay-1', 210);
    expectErrorShape((await request(t.url).post('/api/payments/simulated/webhook').set('Content-Type', 'application/json').send(payload).expect(404)).body, 'NOT_FOUND');
    await request(t.url).get('/pay/sim_cs_1').expect(404);
  });
});
