import request from 'supertest';
import { expectErrorShape } from './support/http';
import { BERNARD, JourneyApp, MARTIN, NGUYEN, slot, W50 } from './journey.support';

describe('admin: families, closures (R14), goodwill credits and refunds (R15), attendance', () => {
  let j: JourneyApp;

  beforeAll(async () => {
    j = await JourneyApp.start();
  });
  afterAll(() => j.close());

  it('registers a family (identity in person-<id>, facts in family-<id>) and lists every family', async () => {
    const created = await j
      .post('/api/admin/families', 'admin', {
        familyId: 'famille-petit',
        name: 'Julie Petit',
        email: 'julie.petit@example.fr',
        resident: true,
        quotientFamilial: 980,
        children: [{ childId: 'paul-petit', firstName: 'Paul', lastName: 'Petit', school: 'École maternelle Les Tilleuls', grade: 'GS', activityIds: ['restauration', 'mercredi'] }],
      })
      .expect(201);
    expect(created.body).toEqual({
      familyId: 'famille-petit',
      name: 'Julie Petit',
      email: 'julie.petit@example.fr',
      address: null,
      quotientFamilial: 980,
      quotientFamilialEffectiveAt: '2026-11-26T09:00:00.000Z',
      resident: true,
      children: [{ childId: 'paul-petit', firstName: 'Paul', lastName: 'Petit', school: 'École maternelle Les Tilleuls', grade: 'GS', activityIds: ['restauration', 'mercredi'], medicalProtocol: false, ownQuotientFamilial: null }],
      creditBalanceCents: 0,
      heldCreditCents: 0,
      registeredAt: '2026-11-26T09:00:00.000Z',
      personalDataErased: false,
    });
    const family = await j.store.readStream('family-famille-petit');
    // Payloads only, and the QF as a whole number: metadata holds random UUIDs and hashes, where
    // "980" can appear by chance.
    expect(JSON.stringify(family.events.map((e) => e.data))).not.toMatch(/Julie|Petit|julie|\b980\b|Tilleuls/);
    expect((await j.store.readStream('person-famille-petit')).events.map((e) => e.type)).toEqual(['FamilyIdentityRecorded', 'ChildIdentityRecorded', 'QuotientFamilialUpdated']);

    const list = (await j.get('/api/admin/families', 'admin').expect(200)).body as { familyId: string }[];
    expect(list.map((f) => f.familyId)).toEqual(['famille-bernard', 'famille-martin', 'famille-nguyen', 'famille-petit']);
    // QF 980 → canteen 3,20 €.
    expect(await j.slotStatus('famille-petit', W50.week, slot('paul-petit', 'restauration', W50.monday))).toMatchObject({ status: 'free', priceCents: 320 });
  });

  it('demo families: listed publicly for the sign-in; prices follow QF, rank and residence', async () => {
    expect((await request(j.url).get('/api/demo/families').expect(200)).body).toEqual([
      { familyId: MARTIN.familyId, name: 'Camille Martin' },
      { familyId: BERNARD.familyId, name: 'Sophie et Karim Bernard' },
      { familyId: NGUYEN.familyId, name: 'Thomas Nguyen' },
    ]);
    const monday = (familyId: string, childId: string) => j.slotStatus(familyId, W50.week, slot(childId, 'restauration', W50.monday));
    expect(await monday(BERNARD.familyId, BERNARD.ines)).toMatchObject({ priceCents: 410 });
    expect(await monday(BERNARD.familyId, BERNARD.jade)).toMatchObject({ priceCents: 205 }); // 3rd child −50 %
    expect(await monday(NGUYEN.familyId, NGUYEN.lina)).toMatchObject({ priceCents: 650 }); // non-resident
  });

  it('a closure cancels every reservation of the day with full credit, expires the pending orders holding it, and blocks new ones', async () => {
    const day = W50.thursday;
    await j.grant(MARTIN.familyId, 1000).expect(201);
    const martin = (await j.reserve(MARTIN.familyId, [slot(MARTIN.lea, 'restauration', day), slot(MARTIN.hugo, 'restauration', day), slot(MARTIN.lea, 'restauration', W50.friday)]).expect(201)).body;
    await j.post(`/api/orders/${martin.orderId}/confirm`, MARTIN.familyId).expect(200);
    const bernardPending = (await j.reserve(BERNARD.familyId, [slot(BERNARD.ines, 'restauration', day), slot(BERNARD.ines, 'accueil-matin', day)]).expect(201)).body;
    expect((await j.get(`/api/admin/attendance?date=${day}&activityId=restauration`, 'admin').expect(200)).body.total).toBe(2);
    const balanceBefore = await j.balance(MARTIN.familyId);

    const closure = (await j.post('/api/admin/closures', 'admin', { activityId: 'restauration', date: day, reason: 'Grève du personnel de restauration' }).expect(200)).body;
    expect(closure).toEqual({ activityId: 'restauration', date: day, reason: 'Grève du personnel de restauration', cancelledSlots: 2, creditedCents: 420, expiredOrders: 1, families: 2 });

    expect(await j.balance(MARTIN.familyId)).toBe(balanceBefore + 420);
    const credits = (await j.get(`/api/families/${MARTIN.familyId}/credits`, MARTIN.familyId).expect(200)).body;
    expect(credits.movements.at(-1)).toMatchObject({ kind: 'closure', amountCents: 420 });
    expect((await j.get(`/api/orders/${bernardPending.orderId}`, BERNARD.familyId).expect(200)).body).toMatchObject({ status: 'expired', expiryReason: 'closure' });
    expect(await j.slotStatus(MARTIN.familyId, W50.week, slot(MARTIN.lea, 'restauration', day))).toMatchObject({ status: 'closed' });
    expect(await j.slotStatus(MARTIN.familyId, W50.week, slot(MARTIN.lea, 'restauration', W50.friday))).toMatchObject({ status: 'reserved' });
    expect((await j.get(`/api/admin/attendance?date=${day}&activityId=restauration`, 'admin').expect(200)).body).toEqual({ date: day, activityId: 'restauration', total: 0, bySchool: [] });
    expectErrorShape((await j.reserve(BERNARD.familyId, [slot(BERNARD.nathan, 'restauration', day)]).expect(422)).body, 'DAY_CLOSED');
    expect((await request(j.url).get('/api/catalog').expect(200)).body.closures).toEqual([{ activityId: 'restauration', date: day, reason: 'Grève du personnel de restauration' }]);

    // Closing the same day again (another request) finds nothing left to do and appends nothing to any family.
    await j.settle();
    const revisions = async () => Promise.all([MARTIN.familyId, BERNARD.familyId].map(async (id) => (await j.store.readStream(`family-${id}`)).currentRevision));
    const before = await revisions();
    expect((await j.post('/api/admin/closures', 'admin', { activityId: 'restauration', date: day, reason: 'Grève du personnel de restauration' }).expect(200)).body).toMatchObject({ cancelledSlots: 0, creditedCents: 0, families: 0 });
    expect(await revisions()).toEqual(before);
    expect((await j.verify()).ok).toBe(true);
  });

  it('attendance groups the children by school with their grade', async () => {
    const day = W50.monday;
    await j.grant(BERNARD.familyId, 2000).expect(201);
    const order = (await j.reserve(BERNARD.familyId, [slot(BERNARD.ines, 'restauration', day), slot(BERNARD.nathan, 'restauration', day), slot(BERNARD.jade, 'restauration', day)]).expect(201)).body;
    await j.post(`/api/orders/${order.orderId}/confirm`, BERNARD.familyId).expect(200);
    const attendance = (await j.get(`/api/admin/attendance?date=${day}&activityId=restauration`, 'admin').expect(200)).body;
    expect(attendance.total).toBe(3);
    expect(attendance.bySchool.map((s: { school: string; count: number }) => [s.school, s.count])).toEqual([
      ['École maternelle Les Tilleuls', 1],
      ['École élémentaire Louise-Michel', 2],
    ]);
    expect(attendance.bySchool[1].children.map((c: { firstName: string; grade: string }) => [c.firstName, c.grade])).toEqual([
      ['Inès', 'CM1'],
      ['Nathan', 'CE1'],
    ]);
  });

  it('a goodwill credit and a refund carry their reason; a refund never exceeds the balance', async () => {
    const credit = (await j.grant(NGUYEN.familyId, 650, 'Absence justifiée du 3 décembre').expect(201)).body;
    expect(credit).toMatchObject({ familyId: NGUYEN.familyId, amountCents: 650, reason: 'Absence justifiée du 3 décembre', creditBalanceCents: 650 });
    expectErrorShape((await j.post(`/api/admin/families/${NGUYEN.familyId}/refunds`, 'admin', { amountCents: 651, reference: 'VIR-1' }).expect(422)).body, 'INSUFFICIENT_CREDIT');
    const refund = (await j.post(`/api/admin/families/${NGUYEN.familyId}/refunds`, 'admin', { amountCents: 650, reference: 'VIR-2026-0001 départ de la commune' }).expect(201)).body;
    expect(refund).toMatchObject({ amountCents: 650, reference: 'VIR-2026-0001 départ de la commune', creditBalanceCents: 0 });
    const movements = (await j.get(`/api/families/${NGUYEN.familyId}/credits`, 'admin').expect(200)).body.movements;
    expect(movements.map((m: { kind: string; amountCents: number }) => [m.kind, m.amountCents])).toEqual([
      ['goodwill', 650],
      ['refund', -650],
    ]);
  });
});

describe('outside demo mode', () => {
  let j: JourneyApp;
  beforeAll(async () => {
    j = await JourneyApp.start({ env: { PERISCOL_DEMO: '0', PERISCOL_JWT_SECRET: 'a-test-secret-that-is-long-enough-0123456789', PERISCOL_PAYMENTS: 'simulated' } });
  });
  afterAll(() => j.close());

  it('registers no demo family and serves no demo route', async () => {
    expect((await j.get('/api/admin/families', 'admin').expect(200)).body).toEqual([]);
    await request(j.url).get('/api/demo/families').expect(404);
    expect(await j.store.headPosition()).toBe(0);
  });
});
