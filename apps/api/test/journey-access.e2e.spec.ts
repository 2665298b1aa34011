import request from 'supertest';
import { expectErrorShape } from './support/http';
import { BERNARD, JourneyApp, MARTIN, slot, W50 } from './journey.support';

/** A parent never reaches another family's anything: 404, as for something that does not exist. */
describe("a parent reaching another family's data", () => {
  let j: JourneyApp;
  const martin = MARTIN.familyId;
  const intruder = BERNARD.familyId;
  let orderId: string;
  let cancellationId: string;

  beforeAll(async () => {
    j = await JourneyApp.start();
    await j.grant(martin, 1000).expect(201);
    orderId = (await j.reserve(martin, [slot(MARTIN.lea, 'restauration', W50.monday), slot(MARTIN.lea, 'restauration', W50.tuesday)]).expect(201)).body.orderId;
    await j.post(`/api/orders/${orderId}/confirm`, martin).expect(200);
    cancellationId = (await j.cancel(martin, [slot(MARTIN.lea, 'restauration', W50.tuesday)]).expect(201)).body.cancellationId;
    await j.settle();
  });
  afterAll(() => j.close());

  const asIntruder: [string, () => request.Test][] = [
    ['GET family', () => j.get(`/api/families/${martin}`, intruder)],
    ['GET planning', () => j.get(`/api/families/${martin}/planning?week=${W50.week}`, intruder)],
    ['GET credits', () => j.get(`/api/families/${martin}/credits`, intruder)],
    ['GET payments', () => j.get(`/api/families/${martin}/payments`, intruder)],
    ['POST quote', () => j.post(`/api/families/${martin}/quote`, intruder, { reserve: [slot(MARTIN.lea, 'restauration', W50.thursday)] }, null)],
    ['POST reservations', () => j.reserve(martin, [slot(MARTIN.lea, 'restauration', W50.thursday)], undefined, intruder)],
    ['POST cancellations', () => j.cancel(martin, [slot(MARTIN.lea, 'restauration', W50.monday)], undefined, intruder)],
    ['GET order', () => j.get(`/api/orders/${orderId}`, intruder)],
    ['POST order confirm', () => j.post(`/api/orders/${orderId}/confirm`, intruder)],
    ['POST order abandon', () => j.post(`/api/orders/${orderId}/abandon`, intruder)],
    ['GET cancellation', () => j.get(`/api/cancellations/${cancellationId}`, intruder)],
  ];

  it.each(asIntruder)('%s → 404 NOT_FOUND, the same answer as for an unknown id, nothing appended to the family', async (_label, send) => {
    const revision = (await j.store.readStream(`family-${martin}`)).currentRevision;
    const res = await send().expect(404);
    expectErrorShape(res.body, 'NOT_FOUND');
    expect(JSON.stringify(res.body)).not.toContain('Martin');
    expect((await j.store.readStream(`family-${martin}`)).currentRevision).toBe(revision);
  });

  it('an unknown order looks exactly like someone else’s', async () => {
    const unknown = await j.get('/api/orders/order-000000000000000000000000', intruder).expect(404);
    const other = await j.get(`/api/orders/${orderId}`, intruder).expect(404);
    expect(unknown.body.error.code).toBe(other.body.error.code);
  });

  it('the owner, an admin and an auditor see it; roles are enforced (401 without token, 403 by role)', async () => {
    await j.get(`/api/orders/${orderId}`, martin).expect(200);
    await j.get(`/api/orders/${orderId}`, 'admin').expect(200);
    await j.get(`/api/families/${martin}/planning?week=${W50.week}`, 'auditor').expect(200);
    await request(j.url).get(`/api/families/${martin}`).expect(401);
    expectErrorShape((await j.post(`/api/admin/families/${martin}/credits`, martin, { amountCents: 100, reason: 'x' }).expect(403)).body, 'FORBIDDEN');
    expectErrorShape((await j.reserve(martin, [slot(MARTIN.lea, 'restauration', W50.thursday)], undefined, 'auditor').expect(403)).body, 'FORBIDDEN');
    await j.get('/api/audit/events', martin).expect(403);
  });
});
