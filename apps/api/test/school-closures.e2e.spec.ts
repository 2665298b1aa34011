import request from 'supertest';
import { expectErrorShape } from './support/http';
import { BERNARD, JourneyApp, MARTIN, NGUYEN, slot, W50 } from './journey.support';

const FERRY = 'École élémentaire Jules-Ferry';
const REASON = 'Sortie scolaire de Jules-Ferry';

describe('admin: closing a service day for one school (R14)', () => {
  let j: JourneyApp;

  beforeAll(async () => {
    j = await JourneyApp.start();
  });
  afterAll(() => j.close());

  it("lists the schools the children's records name", async () => {
    expect((await j.get('/api/admin/schools', 'admin').expect(200)).body).toEqual({
      schools: ['École élémentaire Jules-Ferry', 'École élémentaire Louise-Michel', 'École maternelle Les Tilleuls'],
    });
    await j.get('/api/admin/schools', MARTIN.familyId).expect(403);
  });

  it("closes the day for that school's children only: previewed, credited, expired, refused to them, open to the others", async () => {
    const day = W50.tuesday;
    await j.grant(MARTIN.familyId, 1000).expect(201);
    await j.grant(BERNARD.familyId, 1000).expect(201);
    const martin = (await j.reserve(MARTIN.familyId, [slot(MARTIN.lea, 'restauration', day), slot(MARTIN.hugo, 'restauration', day)]).expect(201)).body;
    await j.post(`/api/orders/${martin.orderId}/confirm`, MARTIN.familyId).expect(200);
    const bernard = (await j.reserve(BERNARD.familyId, [slot(BERNARD.ines, 'restauration', day)]).expect(201)).body;
    await j.post(`/api/orders/${bernard.orderId}/confirm`, BERNARD.familyId).expect(200);
    const nguyenPending = (await j.reserve(NGUYEN.familyId, [slot(NGUYEN.lina, 'restauration', day)]).expect(201)).body;
    const balanceBefore = await j.balance(MARTIN.familyId);

    const preview = (await j.post('/api/admin/closures/preview', 'admin', { activityId: 'restauration', date: day, school: FERRY }).expect(200)).body;
    expect(preview).toMatchObject({ activityId: 'restauration', date: day, school: FERRY, alreadyClosed: false, cancelledSlots: 2, creditedCents: 420, expiredOrders: 1 });
    expect(preview.families.map((f: { familyId: string }) => f.familyId)).toEqual([MARTIN.familyId, NGUYEN.familyId]);
    expect(preview.families[0].children.map((c: { school: string }) => c.school)).toEqual([FERRY, FERRY]);

    // Any case, spaces or accents name the same school; the closure keeps the spelling it was given.
    const closure = (await j.post('/api/admin/closures', 'admin', { activityId: 'restauration', date: day, reason: REASON, school: FERRY }).expect(200)).body;
    expect(closure).toEqual({ activityId: 'restauration', date: day, reason: REASON, school: FERRY, cancelledSlots: 2, creditedCents: 420, expiredOrders: 1, families: 2 });

    expect(await j.balance(MARTIN.familyId)).toBe(balanceBefore + 420);
    expect((await j.get(`/api/orders/${nguyenPending.orderId}`, NGUYEN.familyId).expect(200)).body).toMatchObject({ status: 'expired', expiryReason: 'closure' });
    expect(await j.slotStatus(MARTIN.familyId, W50.week, slot(MARTIN.lea, 'restauration', day))).toMatchObject({ status: 'closed', closedReason: REASON });
    expect(await j.slotStatus(BERNARD.familyId, W50.week, slot(BERNARD.ines, 'restauration', day))).toMatchObject({ status: 'reserved' });
    expect(await j.slotStatus(BERNARD.familyId, W50.week, slot(BERNARD.nathan, 'restauration', day))).toMatchObject({ status: 'free' });
    expectErrorShape((await j.reserve(MARTIN.familyId, [slot(MARTIN.hugo, 'restauration', day)]).expect(422)).body, 'DAY_CLOSED');
    await j.reserve(BERNARD.familyId, [slot(BERNARD.nathan, 'restauration', day)]).expect(201);
    expect((await request(j.url).get('/api/catalog').expect(200)).body.closures).toEqual([{ activityId: 'restauration', date: day, reason: REASON, school: FERRY }]);

    // The same school again (another spelling) changes nothing; the whole town then closes the rest.
    await j.settle();
    const again = (await j.post('/api/admin/closures', 'admin', { activityId: 'restauration', date: day, reason: REASON, school: 'ecole elementaire  JULES-FERRY' }).expect(200)).body;
    expect(again).toMatchObject({ cancelledSlots: 0, creditedCents: 0, expiredOrders: 0, families: 0 });
    expect((await request(j.url).get('/api/catalog').expect(200)).body.closures).toHaveLength(1);
    const town = (await j.post('/api/admin/closures', 'admin', { activityId: 'restauration', date: day, reason: 'Grève' }).expect(200)).body;
    expect(town).toMatchObject({ cancelledSlots: 1, creditedCents: 410, expiredOrders: 1, families: 1 });
    expect(await j.slotStatus(BERNARD.familyId, W50.week, slot(BERNARD.ines, 'restauration', day))).toMatchObject({ status: 'closed' });
    // A school of a day closed for every school: nothing more.
    expect((await j.post('/api/admin/closures/preview', 'admin', { activityId: 'restauration', date: day, school: 'École maternelle Les Tilleuls' }).expect(200)).body).toMatchObject({ alreadyClosed: true, families: [] });
    expect((await j.verify()).ok).toBe(true);
  });

  it.each([
    ['an empty school', '   '],
    ['a school of 201 characters', 'x'.repeat(201)],
    ['a school that is not a text', 42],
  ])('refuses %s and appends nothing', async (_, school) => {
    const head = await j.store.headPosition();
    const res = await j.post('/api/admin/closures', 'admin', { activityId: 'restauration', date: W50.friday, reason: 'Grève', school }).expect(400);
    expectErrorShape(res.body, 'VALIDATION_FAILED');
    expect(res.body.error.details[0]).toMatchObject({ location: 'body', path: ['school'] });
    expect(await j.store.headPosition()).toBe(head);
  });
});
