import request from 'supertest';
import { expectErrorShape, newKey } from './support/http';
import { JourneyApp, MARTIN, slot, W50 } from './journey.support';

/**
 * PUT /api/admin/families/:id/quotient-familial: the QF lives in the person stream (R17); a
 * reservation is priced with the QF known when it is requested (R3) and keeps that price.
 * Famille Martin: QF 612 → canteen 2,10 €; 1250 → 4,10 €; unknown → 4,90 € (highest).
 */
describe('quotient familial update over HTTP (R3, R17)', () => {
  let j: JourneyApp;
  const { familyId, lea } = MARTIN;
  const path = `/api/admin/families/${familyId}/quotient-familial`;

  beforeAll(async () => {
    j = await JourneyApp.start();
  });
  afterAll(() => j.close());

  const put = (body: object, key: string | null = newKey(), as = 'admin', target = path) => {
    const req = request(j.url).put(target).auth(j.token(as), { type: 'bearer' });
    return (key === null ? req : req.set('Idempotency-Key', key)).send(body);
  };
  const familyQf = async () => ((await j.get(`/api/families/${familyId}`, 'admin').expect(200)).body as { quotientFamilial: number | null }).quotientFamilial;
  const personEvents = async () => (await j.store.readStream(`person-${familyId}`)).events;
  const canteenPrice = async (date: string) => (await j.slotStatus(familyId, W50.week, slot(lea, 'restauration', date)))?.priceCents;

  it('prices the requests made after the update with the new QF, while orders already requested keep their frozen prices', async () => {
    const before = (await j.reserve(familyId, [slot(lea, 'restauration', W50.monday)]).expect(201)).body as { orderId: string; totalCents: number };
    expect(before.totalCents).toBe(210);
    expect(await canteenPrice(W50.tuesday)).toBe(210);

    const res = await put({ quotientFamilial: 1250 }).expect(200);
    expect(res.body).toEqual({ familyId, quotientFamilial: 1250, effectiveAt: '2026-11-26T09:00:00.000Z' });
    expect(await familyQf()).toBe(1250);
    expect(await canteenPrice(W50.tuesday)).toBe(410);
    const quote = (await j.post(`/api/families/${familyId}/quote`, familyId, { reserve: [slot(lea, 'restauration', W50.tuesday)] }, null).expect(200)).body;
    expect(quote.reservation.totalCents).toBe(410);
    const after = (await j.reserve(familyId, [slot(lea, 'restauration', W50.tuesday)]).expect(201)).body as { lines: { unitPriceCents: number }[] };
    expect(after.lines.map((l) => l.unitPriceCents)).toEqual([410]);

    const past = (await j.get(`/api/orders/${before.orderId}`, familyId).expect(200)).body;
    expect(past).toMatchObject({ totalCents: 210, lines: [expect.objectContaining({ unitPriceCents: 210 })] });
  });

  it('records the raw QF in the person stream only; the family stream gets the tariff bracket, never the QF (R17)', async () => {
    const last = (await personEvents()).at(-1);
    expect(last).toMatchObject({ type: 'QuotientFamilialUpdated', data: { familyId, quotientFamilial: 1250 }, metadata: { actor: { userId: 'test-admin', role: 'admin' } } });
    const family = JSON.stringify((await j.store.readStream(`family-${familyId}`)).events.map((e) => e.data));
    expect(family).not.toContain('quotientFamilial');
    expect(family).toContain('qf<=1400');
    // The answer holds personal data: the idempotency record keeps its hash, not its body.
    const elsewhere = (await j.store.readAll()).filter((e) => !e.streamId.startsWith('person-'));
    expect(JSON.stringify(elsewhere.map((e) => e.data))).not.toContain('quotientFamilial');
  });

  it('null records that no QF is known: the highest price applies', async () => {
    expect((await put({ quotientFamilial: null }).expect(200)).body).toMatchObject({ quotientFamilial: null });
    expect(await familyQf()).toBeNull();
    expect(await canteenPrice(W50.thursday)).toBe(490);
  });

  it('dates the attestation with effectiveAt, which is never in the future', async () => {
    const dated = await put({ quotientFamilial: 612, effectiveAt: '2026-11-01T00:00:00+01:00' }).expect(200);
    expect(dated.body).toEqual({ familyId, quotientFamilial: 612, effectiveAt: '2026-10-31T23:00:00.000Z' });
    expect(await canteenPrice(W50.thursday)).toBe(210);

    const count = (await personEvents()).length;
    const future = await put({ quotientFamilial: 900, effectiveAt: '2026-11-26T10:00:00.000Z' }).expect(400);
    expectErrorShape(future.body, 'EFFECTIVE_DATE_IN_FUTURE');
    expect(future.body.error.details).toEqual([expect.objectContaining({ path: ['effectiveAt'], message: 'must not be in the future' })]);
    expect((await personEvents()).length).toBe(count);
    expect(await familyQf()).toBe(612);
  });

  it('replays a key by running the update again, which records nothing and answers what that key recorded (R12)', async () => {
    const first = await put({ quotientFamilial: 300 }, 'qf-key-1').expect(200);
    await put({ quotientFamilial: 900 }, 'qf-key-2').expect(200);
    const count = (await personEvents()).length;

    const replay = await put({ quotientFamilial: 300 }, 'qf-key-1').expect(200);
    expect(replay.body).toEqual(first.body);
    expect((await personEvents()).length).toBe(count);
    expect(await familyQf()).toBe(900);

    expectErrorShape((await put({ quotientFamilial: 301 }, 'qf-key-1').expect(409)).body, 'IDEMPOTENCY_KEY_REUSED');
    expect(await familyQf()).toBe(900);
  });

  it('refuses bad input and other callers with a code, changing nothing', async () => {
    const count = (await personEvents()).length;
    expectErrorShape((await put({ quotientFamilial: 500 }, newKey(), familyId).expect(403)).body, 'FORBIDDEN');
    expectErrorShape((await put({ quotientFamilial: 500 }, null).expect(400)).body, 'IDEMPOTENCY_KEY_REQUIRED');
    for (const body of [{ quotientFamilial: -1 }, { quotientFamilial: '500' }, {}, { quotientFamilial: 500, effectiveAt: '2026-11-01' }]) {
      expectErrorShape((await put(body).expect(400)).body, 'VALIDATION_FAILED');
    }
    expectErrorShape((await put({ quotientFamilial: 500 }, newKey(), 'admin', '/api/admin/families/famille-inconnue/quotient-familial').expect(404)).body, 'FAMILY_NOT_REGISTERED');
    expect((await personEvents()).length).toBe(count);
    expect(await familyQf()).toBe(900);
  });
});
