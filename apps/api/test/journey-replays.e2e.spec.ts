import type { Response, Test } from 'supertest';
import { expectErrorShape, newKey } from './support/http';
import { BERNARD, JourneyApp, MARTIN, slot, W50, W51 } from './journey.support';

/**
 * R12 on every mutating route of the journey: the same Idempotency-Key with the same body
 * answers the first result again and appends nothing, whatever happened in between; with
 * another body it is refused 409 IDEMPOTENCY_KEY_REUSED.
 */
describe('idempotent replays of every mutating route', () => {
  let j: JourneyApp;
  const { familyId, lea, hugo } = MARTIN;

  beforeAll(async () => {
    j = await JourneyApp.start();
  });
  afterAll(() => j.close());

  /** Sends twice with one key: same status and body, marked replayed, nothing appended by the replay. */
  async function replays(send: (key: string) => Test): Promise<Response> {
    const key = newKey();
    const first = await send(key);
    await j.settle();
    const head = await j.store.headPosition();
    const again = await send(key);
    expect({ status: again.status, body: again.body }).toEqual({ status: first.status, body: first.body });
    expect(again.headers['idempotent-replayed']).toBe('true');
    await j.settle();
    expect(await j.store.headPosition()).toBe(head);
    return first;
  }

  let orderId: string;
  it('POST /api/families/:familyId/reservations', async () => {
    const first = await replays((key) => j.reserve(familyId, [slot(lea, 'restauration', W50.monday)], key));
    expect(first.status).toBe(201);
    orderId = first.body.orderId;
    const pending = (await j.planning(familyId, W50.week)).children[0].days[0].slots.filter((s) => s.status === 'pending');
    expect(pending).toHaveLength(1);
  });

  it('the same key with another body → 409 IDEMPOTENCY_KEY_REUSED, nothing appended', async () => {
    const key = newKey();
    await j.reserve(familyId, [slot(lea, 'restauration', W50.tuesday)], key).expect(201);
    await j.settle();
    const head = await j.store.headPosition();
    const reused = await j.reserve(familyId, [slot(lea, 'restauration', W50.thursday)], key).expect(409);
    expectErrorShape(reused.body, 'IDEMPOTENCY_KEY_REUSED');
    expect(await j.store.headPosition()).toBe(head);
  });

  it('POST /api/admin/families/:familyId/credits and /refunds', async () => {
    const credit = await replays((key) => j.post(`/api/admin/families/${familyId}/credits`, 'admin', { amountCents: 2000, reason: 'Geste commercial' }, key));
    expect(credit.status).toBe(201);
    const refund = await replays((key) => j.post(`/api/admin/families/${familyId}/refunds`, 'admin', { amountCents: 500, reference: 'VIR-2026-0042' }, key));
    expect(refund.status).toBe(201);
    expect(await j.balance(familyId)).toBe(1500);
  });

  it('POST /api/orders/:orderId/abandon and /confirm', async () => {
    const abandoned = await replays((key) => j.post(`/api/orders/${orderId}/abandon`, familyId, {}, key));
    expect(abandoned.body.status).toBe('expired');
    const covered = (await j.reserve(familyId, [slot(hugo, 'restauration', W50.monday)]).expect(201)).body;
    expect(covered.action).toBe('ok');
    const confirmed = await replays((key) => j.post(`/api/orders/${covered.orderId}/confirm`, familyId, {}, key));
    expect(confirmed.body.status).toBe('confirmed');
  });

  it('POST /api/families/:familyId/cancellations', async () => {
    const cancellation = await replays((key) => j.cancel(familyId, [slot(hugo, 'restauration', W50.monday)], key));
    expect(cancellation.status).toBe(201);
    expect(cancellation.body.totalCents).toBe(210);
  });

  it('POST /api/admin/closures', async () => {
    await j.reserve(BERNARD.familyId, [slot(BERNARD.ines, 'accueil-matin', W51.monday)]).expect(201);
    const closure = await replays((key) => j.post('/api/admin/closures', 'admin', { activityId: 'accueil-matin', date: W51.monday, reason: 'Sortie scolaire' }, key));
    expect(closure.body).toMatchObject({ cancelledSlots: 0, expiredOrders: 1, families: 1 });
  });

  it('a refusal is an answer too: replayed as it was, even once the state would allow the request', async () => {
    const taken = (await j.reserve(familyId, [slot(lea, 'restauration', W51.tuesday)]).expect(201)).body;
    const key = newKey();
    const refused = await j.reserve(familyId, [slot(lea, 'restauration', W51.tuesday)], key).expect(409);
    expectErrorShape(refused.body, 'SLOT_TAKEN');
    await j.post(`/api/orders/${taken.orderId}/abandon`, familyId).expect(200);
    const replayed = await j.reserve(familyId, [slot(lea, 'restauration', W51.tuesday)], key).expect(409);
    expect(replayed.body).toEqual(refused.body);
    expect(replayed.headers['idempotent-replayed']).toBe('true');
  });

  it('POST /api/admin/families (rerun: the answer holds personal data): same answer, nothing appended twice', async () => {
    const body = { name: 'Awa Diallo', email: 'awa.diallo@example.fr', resident: true, quotientFamilial: 430, children: [{ firstName: 'Moussa', lastName: 'Diallo', school: 'École élémentaire Louise-Michel', grade: 'CE1', activityIds: ['restauration'] }] };
    const key = newKey();
    const first = await j.post('/api/admin/families', 'admin', body, key).expect(201);
    await j.settle();
    const head = await j.store.headPosition();
    const again = await j.post('/api/admin/families', 'admin', body, key).expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(await j.store.headPosition()).toBe(head);
    const stored = await j.store.readStream(`idempotency-${(await import('../src/platform/idempotency/idempotency-context')).sha256(JSON.stringify(['admin:test-admin', key]))}`);
    expect(stored.events[0].data).toMatchObject({ status: 201, body: null, bodyStored: false });
    // Another key registers another family (ids derived from the key).
    const other = await j.post('/api/admin/families', 'admin', body).expect(201);
    expect(other.body.familyId).not.toBe(first.body.familyId);
    expect(first.body).toMatchObject({ name: 'Awa Diallo', quotientFamilial: 430, children: [{ firstName: 'Moussa', activityIds: ['restauration'] }] });
  });
});
