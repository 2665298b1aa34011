import request from 'supertest';
import { expectErrorShape } from './support/http';
import { adminToken, dupreFamily, getBinary, pdfText, seedFamily, startPaymentsApp, tokenFor } from './support/payments-journey';
import type { TestApp } from './support/test-app';

/** R19: the year-end refund campaign — the list for the mandats (JSON, CSV, PDF), and its requests in one action. */
describe('the refund campaign', () => {
  let t: TestApp;
  const regisseur = () => tokenFor(t, { sub: 'claire', role: 'regisseur' });
  const get = (path: string, token = regisseur()) => request(t.url).get(path).set('Authorization', `Bearer ${token}`);
  const createAll = (key: string, token = regisseur()) =>
    request(t.url).post('/api/regie/refund-campaign/requests').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send({});

  beforeEach(async () => {
    t = await startPaymentsApp();
    await seedFamily(t, dupreFamily());
    await request(t.url).post('/api/admin/families/fam-dupre/credits').set('Authorization', `Bearer ${adminToken(t)}`).set('Idempotency-Key', 'grant-1').send({ amountCents: 1500, reason: 'Trop-perçu' }).expect(201);
  });

  afterEach(async () => {
    await t.close();
  });

  it('lists old credits, as CSV and byte-identical PDF, and creates their requests once', async () => {
    expect((await get('/api/regie/refund-campaign').expect(200)).body.lines).toEqual([]);
    // Two years and a day later the credit is old.
    t.clock.set(new Date(t.clock.now().getTime() + 731 * 86_400_000).toISOString());
    const campaign = await get('/api/regie/refund-campaign').expect(200);
    expect(campaign.body).toMatchObject({ minAgeDays: 730, totalCents: 1500 });
    expect(campaign.body.lines).toEqual([expect.objectContaining({ familyId: 'fam-dupre', reason: 'old_credit', amountCents: 1500, requested: false })]);

    const csv = await get('/api/regie/refund-campaign.csv').expect(200).expect('Content-Type', /text\/csv/);
    expect(csv.text).toContain('Avoir ancien');
    expect(csv.text).toContain('15,00');
    const pdf = await getBinary(t, '/api/regie/refund-campaign.pdf', regisseur()).expect(200).expect('Content-Type', /application\/pdf/);
    const again = await getBinary(t, '/api/regie/refund-campaign.pdf', adminToken(t)).expect(200);
    expect(Buffer.compare(pdf.body as Buffer, again.body as Buffer)).toBe(0);
    expect(await pdfText(pdf.body as Buffer)).toMatch(/Total à mandater 15,00\s?€/);

    // Only the régisseur creates the requests.
    expectErrorShape((await createAll('all-admin', adminToken(t)).expect(403)).body, 'FORBIDDEN');
    const created = await createAll('all-1').expect(201);
    expect(created.body).toMatchObject({ created: [{ familyId: 'fam-dupre', amountCents: 1500 }], alreadyRequested: [], refused: [] });
    // Again, with another key: nothing more.
    const second = await createAll('all-2').expect(201);
    expect(second.body).toMatchObject({ created: [], alreadyRequested: [{ familyId: 'fam-dupre', requestId: created.body.created[0].requestId }] });
    const requests = await get('/api/regie/refund-requests?status=pending').expect(200);
    expect(requests.body.requests).toEqual([expect.objectContaining({ requestId: created.body.created[0].requestId, amountCents: 1500, requestedBy: 'claire' })]);
    expect((await get('/api/regie/refund-campaign').expect(200)).body.lines).toEqual([expect.objectContaining({ requested: true })]);
  });
});
