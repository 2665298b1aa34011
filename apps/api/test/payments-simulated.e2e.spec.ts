import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { simpleParser } from 'mailparser';
import { OPERATIONS_DB } from '../src/platform/operations/operations-database';
import { SqliteSimulatedSessionStore } from '../src/payments/providers/sqlite-simulated-session-store.adapter';
import { expectErrorShape } from './support/http';
import {
  adminToken,
  dupreFamily,
  eventsOfType,
  familyState,
  mailServices,
  parentToken,
  requestOrder,
  runFamily,
  seedFamily,
  slot,
  startPaymentsApp,
  stripeCheckoutEvent,
  stripeSignature,
  W50,
} from './support/payments-journey';
import type { TestApp } from './support/test-app';

describe('payments with the simulated payment site (the default provider)', () => {
  let t: TestApp;
  let token: string;

  beforeEach(async () => {
    t = await startPaymentsApp();
    await seedFamily(t, dupreFamily());
    token = parentToken(t, 'fam-dupre');
  });

  afterEach(async () => {
    await t.close();
  });

  function checkout(orderId: string, key: string, as = token) {
    return request(t.url).post(`/api/orders/${orderId}/checkout`).set('Authorization', `Bearer ${as}`).set('Idempotency-Key', key).send({});
  }

  function sessionPath(checkoutUrl: string): string {
    expect(checkoutUrl.startsWith(`${t.config.publicUrl}/pay/sim_cs_`)).toBe(true);
    return checkoutUrl.slice(t.config.publicUrl.length);
  }

  it('pays an order: checkout → the page → « Payer » → back to the order, confirmed, with its ticket e-mailed', async () => {
    // QF 650 → canteen 2,10 € a day.
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday), slot('c-noah', 'restauration', W50.monday)], 650);

    const started = await checkout('ord-1', 'pay-click-1').expect(200);
    const page = sessionPath(started.body.checkoutUrl);
    const html = await request(t.url).get(page).expect(200).expect('Content-Type', /text\/html/);
    expect(html.text).toContain('4,20');
    expect(html.text).toMatch(/<form method="post" action="\/pay\/sim_cs_\w+\/pay">/);

    const paid = await request(t.url).post(`${page}/pay`).type('form').send('').expect(303);
    expect(paid.headers.location).toBe(`${t.config.publicUrl}/#/commande/ord-1?paiement=ok`);

    // By the time the parent is back on the portal, the order is confirmed and the ticket numbered.
    const listed = await request(t.url).get('/api/families/fam-dupre/payments').set('Authorization', `Bearer ${token}`).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ orderId: 'ord-1', amountCents: 420, ticketNumber: 'R-2026-000001' })]);
    const state = await familyState(t, 'fam-dupre');
    expect(state.orders.get('ord-1')).toMatchObject({ status: 'confirmed', via: 'payment' });
    const payments = state.payments.values();
    expect(payments).toEqual([expect.objectContaining({ orderId: 'ord-1', status: 'confirmed', amountCents: 420, outcome: 'order_confirmed', ticketNumber: 'R-2026-000001' })]);

    // The ticket e-mail waits in the outbox; by default it is written as an .eml file.
    const { outbox, dispatcher } = mailServices(t);
    expect(await outbox.get('<R-2026-000001@periscol.local>')).toMatchObject({ status: 'pending', to: 'parents.dupre@example.org' });
    await dispatcher.dispatchDue(t.clock.now());
    const eml = path.join(t.dataDir, 'outbox', 'R-2026-000001@periscol.local.eml');
    const mail = await simpleParser(fs.readFileSync(eml));
    expect(mail.subject).toBe('Votre ticket de paiement R-2026-000001');
    expect(mail.attachments.map((a) => a.filename)).toEqual(['ticket-de-paiement-R-2026-000001.pdf']);
  });

  it('gives the same session to a retried click, a new one to a new click, and pays once whatever is clicked twice', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.tuesday)], 650);
    const first = await checkout('ord-1', 'click-a').expect(200);
    const replay = await checkout('ord-1', 'click-a').expect(200);
    const second = await checkout('ord-1', 'click-b').expect(200);
    expect(replay.body).toEqual(first.body);
    expect(second.body.checkoutUrl).not.toBe(first.body.checkoutUrl);
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentStarted')).toHaveLength(2);

    const page = sessionPath(first.body.checkoutUrl);
    await request(t.url).post(`${page}/pay`).expect(303);
    await request(t.url).post(`${page}/pay`).expect(303); // the notification is sent again: applied once
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentConfirmed')).toHaveLength(1);
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentTicketIssued')).toHaveLength(1);

    // The page now says it is paid; the other session can no longer confirm the order twice.
    expect((await request(t.url).get(page).expect(200)).text).toContain('déjà été effectué');
    const other = await checkout('ord-1', 'click-c').expect(422);
    expectErrorShape(other.body, 'ORDER_NOT_PENDING');
  });

  it('« Annuler » goes back to the order unpaid; unknown sessions answer a French 404 page', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.thursday)], 650);
    const page = sessionPath((await checkout('ord-1', 'k').expect(200)).body.checkoutUrl);
    const cancelled = await request(t.url).post(`${page}/cancel`).expect(303);
    expect(cancelled.headers.location).toBe(`${t.config.publicUrl}/#/commande/ord-1?paiement=annule`);
    expect((await familyState(t, 'fam-dupre')).orders.get('ord-1')?.status).toBe('pending');
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentConfirmed')).toHaveLength(0);

    const missing = await request(t.url).get('/pay/sim_cs_nope').expect(404).expect('Content-Type', /text\/html/);
    expect(missing.text).toContain('introuvable');
    await request(t.url).post('/pay/sim_cs_nope/pay').expect(404);
  });

  it('refuses to pay past the session’s end (the hold), with a 410 page and nothing recorded', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.friday)], 650);
    const page = sessionPath((await checkout('ord-1', 'k').expect(200)).body.checkoutUrl);
    t.clock.advance({ minutes: 61 });
    const late = await request(t.url).post(`${page}/pay`).expect(410);
    expect(late.text).toContain('expiré');
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentConfirmed')).toHaveLength(0);
  });

  it('takes notifications posted to its webhook route through the same signature check', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    const secret = new SqliteSimulatedSessionStore(t.app.get(OPERATIONS_DB)).installationSecret();
    const payload = stripeCheckoutEvent({ orderId: 'ord-1', paymentId: 'pay-1', familyId: 'fam-dupre', amountCents: 210, paymentIntent: 'sim_pi_1', created: t.clock.now() });
    const post = (signature: string) =>
      request(t.url).post('/api/payments/simulated/webhook').set('Content-Type', 'application/json').set('Periscol-Signature', signature).send(payload);

    expectErrorShape((await post(stripeSignature(payload, t.clock.now(), 'whsec_forged')).expect(400)).body, 'INVALID_SIGNATURE');
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentConfirmed')).toHaveLength(0);
    const accepted = await post(stripeSignature(payload, t.clock.now(), secret)).expect(200);
    expect(accepted.body).toMatchObject({ outcome: 'order_confirmed', paymentId: 'pay-1', ticketNumber: 'R-2026-000001' });
    // Stripe's route is not the enabled one.
    await request(t.url).post('/api/payments/stripe/webhook').set('Content-Type', 'application/json').set('Stripe-Signature', 'x').send(payload).expect(404);
  });

  it('answers 422 unless the order awaits payment, and 404 for another family’s order', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    // A goodwill credit covers the next order entirely: « OK », not « Payer ».
    await runFamily(t, 'fam-dupre', { type: 'GrantGoodwillCredit', data: { creditId: 'gw-1', amountCents: 1000, reason: 'Absence justifiée' } }, 'seed:gw-1');
    await requestOrder(t, 'fam-dupre', 'ord-2', [slot('c-noah', 'restauration', W50.monday)], 650);
    expectErrorShape((await checkout('ord-2', 'k2').expect(422)).body, 'ACTION_NOT_ALLOWED');

    await seedFamily(t, { familyId: 'fam-other', name: 'Famille Martin', email: 'martin@example.org', children: [] });
    const stranger = parentToken(t, 'fam-other');
    expectErrorShape((await checkout('ord-1', 'k3', stranger).expect(404)).body, 'NOT_FOUND');
    expectErrorShape((await checkout('ord-unknown', 'k4').expect(404)).body, 'NOT_FOUND');
    await checkout('ord-1', 'k5', adminToken(t)).expect(403);
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentStarted')).toHaveLength(0);
  });
});
