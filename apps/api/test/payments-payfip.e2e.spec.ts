import request from 'supertest';
import { ManualClock } from '../src/platform/clock/clock';
import { refdetOf } from '../src/payments/providers/payfip/payfip-fields';
import { PayfipRequeryLifecycle } from '../src/payments/providers/payfip/payfip-requery.lifecycle';
import type { PayfipRequeryJob } from '../src/payments/providers/payfip/payfip-requery.job';
import { PayfipSimulator, type SimulatedResult } from '../src/payments/providers/payfip/simulator/payfip-simulator';
import { expectErrorShape } from './support/http';
import {
  dupreFamily,
  eventsOfType,
  familyState,
  idleScheduler,
  mailServices,
  parentToken,
  requestOrder,
  seedFamily,
  slot,
  startPaymentsApp,
  tokenFor,
  W50,
} from './support/payments-journey';
import { startTestApp, TEST_START, type TestApp } from './support/test-app';
import { PAYFIP_PAYMENTS } from '../src/payments/providers/payment-providers.module';
import type { PayfipRuntime } from '../src/payments/providers/payfip/payfip.runtime';

const NUMCLI = '012345';

/**
 * The real PayFiP adapter against the PayFiP simulator over HTTP (SOAP, the payment page, the
 * notification POST), with the app's manual clock shared by both and the re-query job run by hand.
 */
describe('payments with PayFiP (web service, against the simulator)', () => {
  let clock: ManualClock;
  let simulator: PayfipSimulator;
  let t: TestApp;
  let token: string;
  let job: PayfipRequeryJob;

  beforeEach(async () => {
    clock = new ManualClock(TEST_START);
    simulator = await new PayfipSimulator({
      clock: () => clock.now(),
      numcli: NUMCLI,
      // The app's address is known once it listens; its public URL says port 0.
      notificationUrl: (url) => url.replace(t.config.publicUrl, t.url),
    }).start();
    t = await startPaymentsApp({
      clock,
      env: {
        PERISCOL_PAYMENTS: 'payfip',
        PAYFIP_NUMCLI: NUMCLI,
        PAYFIP_SAISIE: 'T',
        PAYFIP_SERVICE_URL: simulator.serviceUrl,
        PAYFIP_PAYMENT_PAGE_URL: simulator.paymentPageUrl,
      },
      overrides: { payfipRequeryScheduler: idleScheduler },
    });
    await seedFamily(t, dupreFamily());
    token = parentToken(t, 'fam-dupre');
    const lifecycle = t.app.get(PayfipRequeryLifecycle);
    if (!lifecycle.job) throw new Error('the PayFiP re-query job is not running');
    job = lifecycle.job;
  });

  afterEach(async () => {
    await t.close();
    await simulator.close();
  });

  async function checkout(orderId: string, key: string): Promise<{ checkoutUrl: string; idOp: string }> {
    const res = await request(t.url).post(`/api/orders/${orderId}/checkout`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send({}).expect(200);
    const checkoutUrl = res.body.checkoutUrl as string;
    expect(checkoutUrl.startsWith(`${simulator.paymentPageUrl}?idop=`)).toBe(true);
    return { checkoutUrl, idOp: new URL(checkoutUrl).searchParams.get('idop') ?? '' };
  }

  /** The family on PayFiP's page: shown, then one of its five buttons. */
  async function choose(checkoutUrl: string, resultrans: SimulatedResult) {
    const page = await request(checkoutUrl).get('').expect(200);
    expect(page.text).toContain(`data-resultrans="${resultrans}"`);
    const form = new URL(checkoutUrl);
    return request(form.origin).post(form.pathname).type('form').send({ idop: form.searchParams.get('idop'), resultrans }).expect(303);
  }

  const confirmations = () => eventsOfType(t, 'family-fam-dupre', 'PaymentConfirmed');
  const orderStatus = async (orderId: string) => (await familyState(t, 'fam-dupre')).orders.get(orderId)?.status;
  const postNotification = (idop: string) => request(t.url).post('/api/payments/payfip/webhook').type('form').send({ idop });
  const returnUrl = (orderId: string, paymentId: string) => `${t.config.publicUrl}/api/payments/payfip/return/${orderId}/${paymentId}`;
  /** The family's browser following PayFiP's redirect (the app's public URL says port 0). */
  const followReturn = (location: string) => request(t.url).get(new URL(location).pathname).redirects(0).expect(303);
  const startedPaymentIds = async () => (await eventsOfType(t, 'family-fam-dupre', 'PaymentStarted')).map((event) => (event.data as { paymentId: string }).paymentId);

  it.each([
    ['P', 'card'],
    ['V', 'direct debit'],
  ] as const)('pays an order (%s, %s): creerPaiementSecurise → the page → notification → detail → confirmed, with its ticket', async (resultrans, _method) => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday), slot('c-noah', 'restauration', W50.monday)], 650);
    const { checkoutUrl, idOp } = await checkout('ord-1', 'pay-click-1');

    const [started] = await eventsOfType(t, 'family-fam-dupre', 'PaymentStarted');
    const { paymentId } = started.data as { paymentId: string };
    expect(started.data).toMatchObject({ orderId: 'ord-1', provider: 'payfip', amountCents: 420 });
    expect(simulator.operation(idOp)).toMatchObject({
      numcli: NUMCLI,
      exer: '2026',
      refdet: refdetOf(paymentId),
      montant: '420',
      mel: 'parents.dupre@example.org',
      objet: 'Reservations periscolaires commande ord 1',
      saisie: 'T',
      urlnotif: `${t.config.publicUrl}/api/payments/payfip/webhook`,
      urlredirect: returnUrl('ord-1', paymentId),
    });

    const back = await choose(checkoutUrl, resultrans);
    expect(back.headers.location).toBe(returnUrl('ord-1', paymentId));
    expect(simulator.notifications).toEqual([expect.objectContaining({ idOp, status: 200 })]);
    expect(simulator.calls.map((call) => call.operation)).toEqual(['creerPaiementSecurise', 'recupererDetailPaiementSecurise']);

    // By the time the family is back, the order is confirmed and the ticket numbered.
    const listed = await request(t.url).get('/api/families/fam-dupre/payments').set('Authorization', `Bearer ${token}`).expect(200);
    expect(listed.body).toEqual([expect.objectContaining({ orderId: 'ord-1', amountCents: 420, provider: 'payfip', ticketNumber: 'R-2026-000001', outcome: 'order_confirmed' })]);
    const [confirmed] = await confirmations();
    expect(confirmed.data).toMatchObject({ paymentId, provider: 'payfip', amountCents: 420, providerReference: idOp, outcome: 'order_confirmed' });
    expect(await orderStatus('ord-1')).toBe('confirmed');
    expect(await mailServices(t).outbox.get('<R-2026-000001@periscol.local>')).toMatchObject({ to: 'parents.dupre@example.org' });

    // Settled: the re-query job has nothing left to ask.
    clock.advance({ minutes: 5 });
    expect(await job.runDue(clock.now())).toBe(0);
    expect(simulator.calls).toHaveLength(2);

    // The family's browser follows PayFiP's redirect: PayFiP asked once more, the order's page says paid.
    expect((await followReturn(back.headers.location)).headers.location).toBe(`${t.config.publicUrl}/#/commande/ord-1?paiement=ok`);
    expect(await confirmations()).toHaveLength(1);
  });

  it('records how PayFiP was paid: a direct debit (V) is under « Prélèvement (PayFiP) » in the day’s journal and pack, a card (P) under « Carte bancaire (PayFiP) »', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    await requestOrder(t, 'fam-dupre', 'ord-2', [slot('c-lea', 'restauration', W50.tuesday), slot('c-noah', 'restauration', W50.tuesday)], 650);
    await choose((await checkout('ord-1', 'k1')).checkoutUrl, 'V');
    await choose((await checkout('ord-2', 'k2')).checkoutUrl, 'P');
    const [debit, card] = await confirmations();
    expect(debit.data).toMatchObject({ orderId: 'ord-1', method: 'direct_debit' });
    expect(debit.metadata.schemaVersion).toBe(4);
    expect(card.data).toMatchObject({ orderId: 'ord-2', method: 'card' });

    const regisseur = tokenFor(t, { sub: 'regisseur-1', role: 'regisseur' });
    const day = TEST_START.slice(0, 10);
    const journal = await request(t.url).get(`/api/regie/journal?from=${day}&to=${day}`).set('Authorization', `Bearer ${regisseur}`).expect(200);
    expect(journal.body.days[0]).toMatchObject({ totalsByMethod: { direct_debit: 210, card: 420 }, totalCents: 630, receiptCount: 2 });
    expect(journal.body.days[0].receipts.map((r: { orderId: string; method: string }) => [r.orderId, r.method])).toEqual([
      ['ord-1', 'direct_debit'],
      ['ord-2', 'card'],
    ]);
    const csv = await request(t.url).get(`/api/regie/months/${day.slice(0, 7)}/pack.csv`).set('Authorization', `Bearer ${regisseur}`).buffer(true).expect(200);
    expect(csv.text).toContain('Prélèvement (PayFiP)');
    expect(csv.text).toContain('Carte bancaire (PayFiP)');
  });

  it.each(['R', 'Z', 'A'] as const)('records a refused or abandoned payment (%s) and leaves the order awaiting payment', async (resultrans) => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.tuesday)], 650);
    const { checkoutUrl, idOp } = await checkout('ord-1', 'k');
    const back = await choose(checkoutUrl, resultrans);
    const [paymentId] = await startedPaymentIds();
    expect(back.headers.location).toBe(returnUrl('ord-1', paymentId));
    expect(simulator.notifications).toEqual([expect.objectContaining({ idOp, status: 200 })]);
    expect(await confirmations()).toHaveLength(0);
    expect(await orderStatus('ord-1')).toBe('pending');
    // Back on the portal: « Paiement non effectué », not « en cours de validation ».
    expect((await followReturn(back.headers.location)).headers.location).toBe(`${t.config.publicUrl}/#/commande/ord-1?paiement=annule`);

    // The outcome is recorded: no re-query; a second click of « Payer » opens a new idOp.
    clock.advance({ minutes: 3 });
    expect(await job.runDue(clock.now())).toBe(0);
    const again = await checkout('ord-1', 'k2');
    expect(again.idOp).not.toBe(idOp);
    await choose(again.checkoutUrl, 'P');
    expect(await orderStatus('ord-1')).toBe('confirmed');
  });

  it('confirms at the family’s return a payment whose notification never came, before the re-query job', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.thursday)], 650);
    const { checkoutUrl, idOp } = await checkout('ord-1', 'k');
    simulator.notificationMode = 'drop';
    const back = await choose(checkoutUrl, 'P');
    expect(await confirmations()).toHaveLength(0);

    const landed = await followReturn(back.headers.location);
    expect(landed.headers.location).toBe(`${t.config.publicUrl}/#/commande/ord-1?paiement=ok`);
    const [confirmed] = await confirmations();
    expect(confirmed.data).toMatchObject({ provider: 'payfip', providerReference: idOp, outcome: 'order_confirmed' });
    expect(await orderStatus('ord-1')).toBe('confirmed');
    // A second visit of the return address (reload) records nothing more; nor does the job.
    await followReturn(back.headers.location);
    clock.advance({ minutes: 3 });
    expect(await job.runDue(clock.now())).toBe(0);
    expect(await confirmations()).toHaveLength(1);
  });

  it('sends the family back to its order when PayFiP does not answer, and refuses a return that is not ours', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.thursday)], 650);
    const { checkoutUrl } = await checkout('ord-1', 'k');
    simulator.notificationMode = 'drop';
    const back = await choose(checkoutUrl, 'P');
    await simulator.close(); // PayFiP unreachable: the re-query job will settle it
    expect((await followReturn(back.headers.location)).headers.location).toBe(`${t.config.publicUrl}/#/commande/ord-1?paiement=ok`);
    expect(await confirmations()).toHaveLength(0);
    // An order or payment we never sent to PayFiP: the order's page, nothing asked; ids that cannot be ours: 404.
    expect((await followReturn(returnUrl('ord-9', 'payment-unknown'))).headers.location).toBe(`${t.config.publicUrl}/#/commande/ord-9?paiement=ok`);
    expectErrorShape((await request(t.url).get('/api/payments/payfip/return/ord-1/%3Cscript%3E').expect(404)).body, 'NOT_FOUND');
  });

  it('recovers a notification that never came: the re-query job asks PayFiP and confirms the order', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.thursday)], 650);
    const { checkoutUrl, idOp } = await checkout('ord-1', 'k');
    simulator.notificationMode = 'drop';
    await choose(checkoutUrl, 'P');
    expect(simulator.notifications).toEqual([]);
    expect(await confirmations()).toHaveLength(0);

    // Not yet due (first check two minutes after the checkout).
    clock.advance({ minutes: 1 });
    expect(await job.runDue(clock.now())).toBe(0);
    clock.advance({ minutes: 1 });
    expect(await job.runDue(clock.now())).toBe(1);
    const [confirmed] = await confirmations();
    expect(confirmed.data).toMatchObject({ provider: 'payfip', providerReference: idOp, outcome: 'order_confirmed' });
    expect((await familyState(t, 'fam-dupre')).payments.get((confirmed.data as { paymentId: string }).paymentId)?.ticketNumber).toBe('R-2026-000001');

    clock.advance({ minutes: 1 });
    expect(await job.runDue(clock.now())).toBe(0);
  });

  it('confirms once a notification sent twice, and once a notification racing the re-query job', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    await requestOrder(t, 'fam-dupre', 'ord-2', [slot('c-lea', 'restauration', W50.tuesday)], 650);

    const first = await checkout('ord-1', 'k1');
    simulator.notificationMode = 'duplicate';
    await choose(first.checkoutUrl, 'P');
    expect(simulator.notifications.map((n) => n.status)).toEqual([200, 200]);
    expect(await confirmations()).toHaveLength(1);
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentTicketIssued')).toHaveLength(1);

    const second = await checkout('ord-2', 'k2');
    simulator.notificationMode = 'drop';
    await choose(second.checkoutUrl, 'P');
    clock.advance({ minutes: 2 });
    const [late, requeried] = await Promise.all([postNotification(second.idOp).expect(200), job.runDue(clock.now())]);
    expect(late.body).toMatchObject({ outcome: 'order_confirmed', orderId: 'ord-2' });
    expect(requeried).toBe(1);
    // And a third delivery, much later, for good measure.
    await postNotification(first.idOp).expect(200);

    const confirmed = await confirmations();
    expect(confirmed.map((event) => (event.data as { providerReference: string }).providerReference).sort()).toEqual([first.idOp, second.idOp].sort());
    expect(await eventsOfType(t, 'family-fam-dupre', 'PaymentTicketIssued')).toHaveLength(2);
    expect((await familyState(t, 'fam-dupre')).balanceCents).toBe(0);
  });

  it('lets an idOp expire: the page refuses it after 15 minutes, PayFiP answers P5, the job closes it after 20 (P1 at once)', async () => {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.friday)], 650);
    const { checkoutUrl, idOp } = await checkout('ord-1', 'k');

    // In progress: a notification for it cannot be answered yet (nothing recorded); unknown idops are refused.
    expectErrorShape((await postNotification(idOp).expect(502)).body, 'PAYMENT_PROVIDER_UNAVAILABLE');
    expectErrorShape((await postNotification('not-ours').expect(400)).body, 'INVALID_NOTIFICATION');
    expectErrorShape((await request(t.url).post('/api/payments/payfip/webhook').type('form').send({}).expect(400)).body, 'INVALID_NOTIFICATION');

    clock.advance({ minutes: 16 });
    await request(checkoutUrl).get('').expect(410);
    const form = new URL(checkoutUrl);
    await request(form.origin).post(form.pathname).type('form').send({ idop: idOp, resultrans: 'P' }).expect(410);
    expect(await job.runDue(clock.now())).toBe(0); // P5, but not 20 minutes yet

    clock.advance({ minutes: 5 });
    expect(await job.runDue(clock.now())).toBe(1); // over: recorded as failed (expired)
    clock.advance({ minutes: 1 });
    expect(await job.runDue(clock.now())).toBe(0);
    expect(await confirmations()).toHaveLength(0);
    expect(await orderStatus('ord-1')).toBe('pending');

    // An idOp PayFiP no longer knows (its overnight purge) is over at once.
    const other = await checkout('ord-1', 'k2');
    simulator.purge();
    clock.advance({ minutes: 2 });
    expect(await job.runDue(clock.now())).toBe(1);
    await request(other.checkoutUrl).get('').expect(404);
    expect(await confirmations()).toHaveLength(0);
  });
});

describe('PAYFIP_SIMULATOR=1 in demo mode', () => {
  it('starts the simulator with the app, points the adapter at it, and stops it with the app', async () => {
    const t = await startTestApp({ env: { PERISCOL_LOG_LEVEL: 'silent', PERISCOL_PAYMENTS: 'payfip', PAYFIP_SIMULATOR: '1' } });
    let pageUrl = '';
    try {
      const payfip = t.app.get<PayfipRuntime | null>(PAYFIP_PAYMENTS);
      if (!payfip?.simulator) throw new Error('no simulator');
      pageUrl = payfip.simulator.paymentPageUrl;
      expect(pageUrl).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/tpa\/paiementws\.web$/);
      await request(pageUrl).get('').query({ idop: 'unknown' }).expect(404);
      expect(t.logs.some((line) => String(line['msg']).startsWith('PAYFIP SIMULATOR'))).toBe(true);
    } finally {
      await t.close();
    }
    await expect(fetch(`${pageUrl}?idop=x`)).rejects.toThrow();
  });
});
