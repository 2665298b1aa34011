import request from 'supertest';
import { expectErrorShape } from './support/http';
import { adminToken, auditorToken, dupreFamily, getBinary, parentToken, pdfText, requestOrder, seedFamily, slot, startPaymentsApp, tokenFor, W50 } from './support/payments-journey';
import type { TestApp } from './support/test-app';

/** The régie's books over HTTP (R18), with the simulated payment site paying an order. */
describe('the régie: journal, closing, monthly pack, état des avoirs, reconciliation', () => {
  let t: TestApp;
  /** Tokens are signed at the test clock's time: one per request, as the clock moves. */
  const regisseurToken = () => tokenFor(t, { sub: 'regisseur-1', role: 'regisseur' });

  beforeEach(async () => {
    t = await startPaymentsApp();
    await seedFamily(t, dupreFamily());
  });

  afterEach(async () => {
    await t.close();
  });

  const get = (path: string, token = regisseurToken()) => request(t.url).get(path).set('Authorization', `Bearer ${token}`);
  const close = (date: string, key: string, token = regisseurToken()) => request(t.url).post(`/api/regie/journal/days/${date}/close`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send();

  /** A parent pays 4,20 € on the simulated site, on the test's first day (26 November 2026). */
  async function payOrder(): Promise<void> {
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday), slot('c-noah', 'restauration', W50.monday)], 650);
    const started = await request(t.url).post('/api/orders/ord-1/checkout').set('Authorization', `Bearer ${parentToken(t, 'fam-dupre')}`).set('Idempotency-Key', 'pay-1').send({}).expect(200);
    await request(t.url).post(`${started.body.checkoutUrl.slice(t.config.publicUrl.length)}/pay`).type('form').send('').expect(303);
  }

  it('lists the receipt, closes the day once it is over, in order, once, and keeps the pack equal to the journal', async () => {
    await payOrder();
    const journal = await get('/api/regie/journal?from=2026-11-26&to=2026-11-27').expect(200);
    expect(journal.body.days[0]).toMatchObject({
      date: '2026-11-26',
      status: 'open',
      totalsByMethod: { simulated: 420 },
      totalCents: 420,
      receiptCount: 1,
      firstReceipt: 'R-2026-000001',
      receipts: [expect.objectContaining({ receiptNumber: 'R-2026-000001', method: 'simulated', amountCents: 420, familyId: 'fam-dupre', late: false })],
    });

    // Not over yet in Paris.
    expectErrorShape((await close('2026-11-26', 'close-early').expect(422)).body, 'REGIE_DAY_NOT_OVER');
    // Only the régisseur closes.
    expectErrorShape((await close('2026-11-25', 'close-admin', adminToken(t)).expect(403)).body, 'FORBIDDEN');

    t.clock.set('2026-11-27T07:00:00.000Z');
    expect((await close('2026-11-25', 'close-25').expect(201)).body).toMatchObject({ date: '2026-11-25', receiptCount: 0, totalCents: 0 });
    expectErrorShape((await close('2026-11-25', 'close-25-again').expect(409)).body, 'REGIE_DAY_ALREADY_CLOSED');
    const closed = await close('2026-11-26', 'close-26').expect(201);
    expect(closed.body).toMatchObject({ date: '2026-11-26', totalsByMethod: { simulated: 420 }, totalCents: 420, receiptCount: 1, firstReceipt: 'R-2026-000001', lastReceipt: 'R-2026-000001' });
    // A retried request answers the same.
    expect((await close('2026-11-26', 'close-26').expect(201)).body).toEqual(closed.body);
    t.clock.set('2026-11-30T07:00:00.000Z');
    expectErrorShape((await close('2026-11-28', 'close-28').expect(422)).body, 'REGIE_DAY_OUT_OF_ORDER');

    const after = await get('/api/regie/journal?from=2026-11-26&to=2026-11-26', auditorToken(t)).expect(200);
    expect(after.body.days[0]).toMatchObject({ status: 'closed', totalCents: 420 });
    expect(after.body.lastClosed).toBe('2026-11-26');

    const pack = await get('/api/regie/months/2026-11/pack').expect(200);
    expect(pack.body).toMatchObject({ month: '2026-11', totalCents: 420, receiptCount: 1, bordereau: { totalCents: 420 } });
    expect(pack.body.byRevenue).toEqual([expect.objectContaining({ revenueType: 'restauration', label: 'Restauration scolaire', totalCents: 420 })]);
    expect(pack.body.payers).toEqual([expect.objectContaining({ receiptNumber: 'R-2026-000001', payer: expect.any(String), amountCents: 420 })]);

    const pdf = await getBinary(t, '/api/regie/months/2026-11/pack.pdf', regisseurToken()).expect(200).expect('Content-Type', /application\/pdf/);
    const again = await getBinary(t, '/api/regie/months/2026-11/pack.pdf', adminToken(t)).expect(200);
    expect(Buffer.compare(pdf.body as Buffer, again.body as Buffer)).toBe(0);
    expect(await pdfText(pdf.body as Buffer)).toContain('Bordereau de versement');

    const csv = await request(t.url).get('/api/regie/months/2026-11/pack.csv').set('Authorization', `Bearer ${regisseurToken()}`).buffer(true).expect(200).expect('Content-Type', /text\/csv/);
    expect(csv.text.startsWith('\uFEFF')).toBe(true);
    expect(csv.text).toContain('Total à verser;1;4,20\r\n');

    const reconciliation = await get('/api/regie/reconciliation?from=2026-11-26&to=2026-11-26').expect(200);
    expect(reconciliation.body).toMatchObject({ ok: true, days: [{ date: '2026-11-26', providerCount: 1, providerCents: 420, receiptCount: 1, receiptCents: 420, differences: [] }] });
  });

  it('gives the état des avoirs as JSON and CSV', async () => {
    await request(t.url).post('/api/admin/families/fam-dupre/credits').set('Authorization', `Bearer ${adminToken(t)}`).set('Idempotency-Key', 'gw-1').send({ amountCents: 1250, reason: 'Absence justifiée' }).expect(201);
    const statement = await get('/api/regie/credits?asOf=2026-12-31').expect(200);
    expect(statement.body).toMatchObject({ asOf: '2026-12-31', totalCents: 1250, families: [{ familyId: 'fam-dupre', balanceCents: 1250, lots: [{ source: 'goodwill', issuedOn: '2026-11-26', ageDays: 35, prescriptionDate: '2031-01-01', remainingCents: 1250 }] }] });
    const csv = await request(t.url).get('/api/regie/credits.csv').set('Authorization', `Bearer ${regisseurToken()}`).buffer(true).expect(200);
    expect(csv.text).toContain(';goodwill;2026-11-26;12,50;12,50;0;2031-01-01\r\n');
  });

  it('refuses parents and bad input with 4xx', async () => {
    expectErrorShape((await get('/api/regie/journal?from=2026-11-01&to=2026-11-02', parentToken(t, 'fam-dupre')).expect(403)).body, 'FORBIDDEN');
    expectErrorShape((await get('/api/regie/journal?from=2026-11-10&to=2026-11-01').expect(400)).body, 'VALIDATION_FAILED');
    expectErrorShape((await get('/api/regie/journal?from=2026-01-01&to=2026-12-31').expect(400)).body, 'VALIDATION_FAILED');
    expectErrorShape((await get('/api/regie/months/2026-13/pack').expect(400)).body, 'VALIDATION_FAILED');
    expectErrorShape((await close('2026-02-30', 'bad-date').expect(400)).body, 'VALIDATION_FAILED');
  });
});
