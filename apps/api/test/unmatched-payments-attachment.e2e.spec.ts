import type { EventStore } from '@periscol/event-store';
import request from 'supertest';
import { OPERATIONS_DB } from '../src/platform/operations/operations-database';
import { EVENT_STORE } from '../src/platform/store/event-store.token';
import { SqliteSimulatedSessionStore } from '../src/payments/providers/sqlite-simulated-session-store.adapter';
import { expectErrorShape } from './support/http';
import {
  adminToken,
  auditorToken,
  dupreFamily,
  eventsOfType,
  seedFamily,
  startPaymentsApp,
  streamEvents,
  stripeCheckoutEvent,
  stripeSignature,
  tokenFor,
} from './support/payments-journey';
import type { TestApp } from './support/test-app';

/**
 * Holds the first `count` appends that write to the `unmatched-payments` stream until all of them
 * have arrived, then lets them go together: every attachment has read the stream (and decided)
 * at the same revision before any of them appends, so they really race.
 */
function holdUnmatchedAppends(store: EventStore, count: number): void {
  const originalMany = store.appendMany.bind(store);
  let waiting = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  store.appendMany = (appends) => {
    if (!appends.some((part) => part.streamId === 'unmatched-payments') || waiting >= count) return originalMany(appends);
    waiting += 1;
    if (waiting === count) {
      store.appendMany = originalMany;
      release();
    }
    return gate.then(() => originalMany(appends));
  };
}

/**
 * R7: money received that no family could take, attached by the régisseur to the right family:
 * a numbered receipt credited in full, counted once in the journal and the pack, reconciled,
 * verified by the audit; the unmatched payment marked attached, once, whoever races.
 */
describe('attaching an unmatched payment to a family (POST /api/regie/unmatched-payments/:providerPaymentId/attachment)', () => {
  let t: TestApp;
  const regisseur = (sub = 'regisseur-1') => tokenFor(t, { sub, role: 'regisseur' });

  beforeEach(async () => {
    t = await startPaymentsApp();
    await seedFamily(t, dupreFamily());
    await seedFamily(t, dupreFamily('fam-martin'));
  });
  afterEach(() => t.close());

  /** A paid notification of the simulated site for a family that does not exist: an unmatched payment. */
  async function strayPayment(providerPaymentId: string, amountCents: number): Promise<void> {
    const secret = new SqliteSimulatedSessionStore(t.app.get(OPERATIONS_DB)).installationSecret();
    const payload = stripeCheckoutEvent({ orderId: `ord-${providerPaymentId}`, paymentId: `pay-${providerPaymentId}`, familyId: 'fam-nobody', amountCents, paymentIntent: providerPaymentId, created: t.clock.now() });
    const res = await request(t.url)
      .post('/api/payments/simulated/webhook')
      .set('Content-Type', 'application/json')
      .set('Periscol-Signature', stripeSignature(payload, t.clock.now(), secret))
      .send(payload)
      .expect(200);
    expect(res.body).toMatchObject({ outcome: 'unmatched', reason: 'UNKNOWN_FAMILY' });
  }

  const attach = (providerPaymentId: string, body: object, key: string, token = regisseur()) =>
    request(t.url).post(`/api/regie/unmatched-payments/${encodeURIComponent(providerPaymentId)}/attachment`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body);
  const get = (path: string, token = regisseur()) => request(t.url).get(path).set('Authorization', `Bearer ${token}`);
  const receipts = async (familyId: string) => eventsOfType(t, `family-${familyId}`, 'PaymentConfirmed');
  const marks = async () => (await streamEvents(t, 'unmatched-payments')).filter((event) => event.type === 'UnmatchedPaymentAttached');
  const day = () => t.clock.now().toISOString().slice(0, 10);

  it('makes it the family’s credit: a numbered receipt, counted once in the journal and the pack, reconciled, verified; shown attached', async () => {
    await strayPayment('sim_pi_stray', 700);
    expect((await get('/api/regie/reconciliation?from=' + day() + '&to=' + day()).expect(200)).body.ok).toBe(false);

    const reason = 'Virement du père, nom de famille mal saisi';
    const res = await attach('sim_pi_stray', { familyId: 'fam-dupre', reason }, 'attach-1').expect(201);
    expect(res.body).toEqual({
      provider: 'simulated',
      providerPaymentId: 'sim_pi_stray',
      familyId: 'fam-dupre',
      paymentId: expect.stringMatching(/^attached-[0-9a-f]{24}$/),
      creditId: `${res.body.paymentId}-credit`,
      amountCents: 700,
      reason,
      attachedBy: 'regisseur-1',
      attachedAt: t.clock.now().toISOString(),
      ticketNumber: 'R-2026-000001',
      creditBalanceCents: 700,
    });

    // The family's credit and its receipt.
    const credits = (await get('/api/families/fam-dupre/credits').expect(200)).body;
    expect(credits).toMatchObject({ balanceCents: 700, movements: [expect.objectContaining({ kind: 'unapplied_payment', amountCents: 700, creditId: res.body.creditId })] });
    const [receipt] = await receipts('fam-dupre');
    expect(receipt.data).toMatchObject({ provider: 'simulated', amountCents: 700, outcome: 'credited', providerReference: 'sim_pi_stray', orderId: 'ord-sim_pi_stray' });
    expect(receipt.metadata.actor).toEqual({ userId: 'regisseur-1', role: 'regisseur' });
    expect((await get('/api/families/fam-dupre/payments').expect(200)).body).toEqual([expect.objectContaining({ paymentId: res.body.paymentId, ticketNumber: 'R-2026-000001', outcome: 'credited' })]);

    // The list shows it settled.
    const listed = (await get('/api/admin/unmatched-payments').expect(200)).body;
    expect(listed).toEqual([
      expect.objectContaining({
        providerPaymentId: 'sim_pi_stray',
        attachment: { familyId: 'fam-dupre', paymentId: res.body.paymentId, creditId: res.body.creditId, reason, attachedBy: 'regisseur-1', attachedAt: res.body.attachedAt },
      }),
    ]);

    // Journal, pack, reconciliation: one receipt of 7 €.
    const journal = (await get(`/api/regie/journal?from=${day()}&to=${day()}`).expect(200)).body;
    expect(journal.days[0]).toMatchObject({ totalCents: 700, receiptCount: 1, firstReceipt: 'R-2026-000001', totalsByMethod: { simulated: 700 } });
    const pack = (await get(`/api/regie/months/${day().slice(0, 7)}/pack`).expect(200)).body;
    expect(pack).toMatchObject({ totalCents: 700, receiptCount: 1, byRevenue: [expect.objectContaining({ revenueType: 'avoir', totalCents: 700 })] });
    const reconciliation = (await get(`/api/regie/reconciliation?from=${day()}&to=${day()}`).expect(200)).body;
    expect(reconciliation).toMatchObject({ ok: true, days: [expect.objectContaining({ providerCents: 700, receiptCents: 700, differences: [] })] });

    // The auditor's verification (the same as `periscol-audit verify`) passes on this history.
    const report = (await get('/api/audit/verify', auditorToken(t)).expect(200)).body as { ok: boolean; checks: { name: string; ok: boolean }[] };
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report.ok).toBe(true);
  });

  it('answers a retried request the same and writes nothing twice; attaching it again is 409, to whichever family', async () => {
    await strayPayment('sim_pi_stray', 700);
    const body = { familyId: 'fam-dupre', reason: 'Nom du payeur' };
    const first = await attach('sim_pi_stray', body, 'attach-1').expect(201);
    const again = await attach('sim_pi_stray', body, 'attach-1').expect(201);
    expect(again.body).toEqual(first.body);

    expectErrorShape((await attach('sim_pi_stray', body, 'attach-2').expect(409)).body, 'UNMATCHED_PAYMENT_ALREADY_ATTACHED');
    const other = await attach('sim_pi_stray', { familyId: 'fam-martin', reason: 'Autre famille' }, 'attach-3', regisseur('regisseur-2')).expect(409);
    expectErrorShape(other.body, 'UNMATCHED_PAYMENT_ALREADY_ATTACHED');
    expect(other.body.error.details).toEqual([expect.objectContaining({ familyId: 'fam-dupre' })]);

    expect(await receipts('fam-dupre')).toHaveLength(1);
    expect(await receipts('fam-martin')).toHaveLength(0);
    expect(await marks()).toHaveLength(1);
  });

  it('refuses an unknown payment (404), an unknown family (404, nothing written), a bad body (400), and anyone but the régisseur (403)', async () => {
    await strayPayment('sim_pi_stray', 700);
    expectErrorShape((await attach('sim_pi_nope', { familyId: 'fam-dupre', reason: 'x' }, 'k1').expect(404)).body, 'UNKNOWN_UNMATCHED_PAYMENT');
    expectErrorShape((await attach('sim_pi_stray', { familyId: 'fam-ghost', reason: 'x' }, 'k2').expect(404)).body, 'FAMILY_NOT_REGISTERED');
    expect(await marks()).toHaveLength(0);
    expect((await streamEvents(t, 'family-fam-ghost')).length).toBe(0);
    expectErrorShape((await attach('sim_pi_stray', { familyId: 'fam-dupre', reason: '   ' }, 'k3').expect(400)).body, 'VALIDATION_FAILED');

    for (const token of [adminToken(t), auditorToken(t), tokenFor(t, { sub: 'agent-9', role: 'agent' })]) {
      expectErrorShape((await attach('sim_pi_stray', { familyId: 'fam-dupre', reason: 'x' }, 'k4', token).expect(403)).body, 'FORBIDDEN');
    }
    // The régisseur reads the list too (to settle it); the auditor reads it, attaches nothing.
    await get('/api/admin/unmatched-payments').expect(200);
    await get('/api/admin/unmatched-payments', auditorToken(t)).expect(200);
    // Still attachable: nothing was written by the refusals.
    await attach('sim_pi_stray', { familyId: 'fam-dupre', reason: 'Nom du payeur' }, 'k5').expect(201);
  });

  it.each([
    ['the same family', ['fam-dupre', 'fam-dupre', 'fam-dupre', 'fam-dupre']],
    ['different families', ['fam-dupre', 'fam-martin', 'fam-dupre', 'fam-martin']],
  ])('attaches it once when régisseurs race to %s (every append held until all have decided)', async (_, families) => {
    await strayPayment('sim_pi_stray', 700);
    holdUnmatchedAppends(t.app.get(EVENT_STORE), families.length);
    const answers = await Promise.all(families.map((familyId, i) => attach('sim_pi_stray', { familyId, reason: `Course ${i}` }, `race-${i}`, regisseur(`regisseur-${i}`))));
    expect(answers.map((answer) => answer.status).sort()).toEqual([201, 409, 409, 409]);
    for (const answer of answers.filter((a) => a.status === 409)) expectErrorShape(answer.body, 'UNMATCHED_PAYMENT_ALREADY_ATTACHED');

    const winner = answers.find((answer) => answer.status === 201)?.body as { familyId: string };
    expect([...(await receipts('fam-dupre')), ...(await receipts('fam-martin'))]).toHaveLength(1);
    expect(await receipts(winner.familyId)).toHaveLength(1);
    expect(await marks()).toHaveLength(1);
    expect((await get('/api/families/fam-dupre/credits').expect(200)).body.balanceCents + (await get('/api/families/fam-martin/credits').expect(200)).body.balanceCents).toBe(700);
  });

  it('answers the same to one request sent three times at once with its Idempotency-Key, and attaches it once', async () => {
    await strayPayment('sim_pi_stray', 700);
    holdUnmatchedAppends(t.app.get(EVENT_STORE), 3);
    const body = { familyId: 'fam-martin', reason: 'Nom du payeur' };
    const answers = await Promise.all([0, 1, 2].map(() => attach('sim_pi_stray', body, 'attach-once')));
    expect(answers.map((answer) => answer.status)).toEqual([201, 201, 201]);
    expect(answers[1].body).toEqual(answers[0].body);
    expect(answers[2].body).toEqual(answers[0].body);
    expect(await receipts('fam-martin')).toHaveLength(1);
    expect(await marks()).toHaveLength(1);
    expect((await get('/api/families/fam-martin/credits').expect(200)).body.balanceCents).toBe(700);
  });
});
