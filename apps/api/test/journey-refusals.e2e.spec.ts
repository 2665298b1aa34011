import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { demoMunicipality } from '@periscol/reservation-domain';
import type { Test } from 'supertest';
import { expectErrorShape } from './support/http';
import { AFTER_SCHOOL_YEAR_MONDAY, CHRISTMAS_HOLIDAY_MONDAY, JourneyApp, MARTIN, NGUYEN, PAST_DEADLINE_DAY, slot, W50, W51 } from './journey.support';

/**
 * Every domain refusal a request can reach, with its HTTP status (docs/http.md §4: 404 unknown, 409
 * conflict, 422 business rule), its error body, and the family stream left untouched.
 * Not reachable over HTTP, by design: INVALID_COMMAND (the edge's zod schemas answer 400
 * VALIDATION_FAILED first), UNKNOWN_ORDER (the owner lookup answers 404 NOT_FOUND first),
 * ORDER_NOT_EXPIRED (only the expiry scheduler sends ExpireOrder), CHILD_ALREADY_ENROLLED (no
 * enrolment-change route), ID_CONFLICT (ids derive from per-caller idempotency keys),
 * PERSON_NOT_RECORDED (registration records the identity before the children),
 * UNKNOWN_PAYMENT / PAYMENT_NOT_CONFIRMED / UNKNOWN_CREDIT (ticket numbering, not a route).
 */
describe('refusals over HTTP: code, status, nothing changed', () => {
  let j: JourneyApp;
  const { familyId, lea, hugo } = MARTIN;
  let reservedOrderId: string;
  let pendingOrderId: string;
  let expiredOrderId: string;

  beforeAll(async () => {
    j = await JourneyApp.start();
    await j.grant(familyId, 420).expect(201);
    reservedOrderId = (await j.reserve(familyId, [slot(lea, 'restauration', W51.monday), slot(lea, 'restauration', W51.tuesday)]).expect(201)).body.orderId;
    await j.post(`/api/orders/${reservedOrderId}/confirm`, familyId).expect(200);
    pendingOrderId = (await j.reserve(familyId, [slot(lea, 'restauration', W51.thursday)]).expect(201)).body.orderId;
    expiredOrderId = (await j.reserve(familyId, [slot(hugo, 'restauration', W51.friday)]).expect(201)).body.orderId;
    await j.post(`/api/orders/${expiredOrderId}/abandon`, familyId).expect(200);
  });
  afterAll(() => j.close());

  const familyRevision = async (id = familyId) => (await j.store.readStream(`family-${id}`)).currentRevision;
  const reserve = (...slots: ReturnType<typeof slot>[]) => j.reserve(familyId, slots);
  const cancel = (...slots: ReturnType<typeof slot>[]) => j.cancel(familyId, slots);

  const cases: [string, number, () => Test][] = [
    ['FAMILY_NOT_REGISTERED', 404, () => j.reserve('famille-inconnue', [slot('x', 'restauration', W50.monday)], undefined, 'admin')],
    ['NOT_FOUND', 404, () => j.get('/api/families/famille-inconnue', 'admin')],
    ['NOT_FOUND', 404, () => j.post('/api/orders/order-inconnu/confirm', familyId)],
    ['FAMILY_ALREADY_REGISTERED', 409, () => j.post('/api/admin/families', 'admin', { familyId, name: 'Autre', email: 'autre@example.fr', resident: true, children: [] })],
    ['UNKNOWN_ACTIVITY', 422, () => j.post('/api/admin/families', 'admin', { name: 'Dupont', email: 'd@example.fr', resident: true, children: [{ firstName: 'A', lastName: 'D', school: 'X', grade: 'CP', activityIds: ['piscine'] }] })],
    ['UNKNOWN_CHILD', 422, () => reserve(slot('enfant-inconnu', 'restauration', W50.monday))],
    ['UNKNOWN_ACTIVITY', 422, () => reserve(slot(lea, 'piscine', W50.monday))],
    ['NOT_ENROLLED', 422, () => reserve(slot(hugo, 'mercredi', W50.wednesday))],
    ['NOT_SERVED', 422, () => reserve(slot(lea, 'restauration', W50.wednesday))],
    ['OUTSIDE_SCHOOL_YEAR', 422, () => reserve(slot(lea, 'restauration', AFTER_SCHOOL_YEAR_MONDAY))],
    ['DAY_CLOSED', 422, () => reserve(slot(lea, 'restauration', CHRISTMAS_HOLIDAY_MONDAY))],
    ['DEADLINE_PASSED', 422, () => reserve(slot(lea, 'restauration', PAST_DEADLINE_DAY))],
    ['DUPLICATE_SLOT', 422, () => reserve(slot(lea, 'restauration', W50.monday), slot(lea, 'restauration', W50.monday))],
    ['EMPTY_REQUEST', 422, () => reserve()],
    ['SLOT_TAKEN', 409, () => reserve(slot(lea, 'restauration', W51.monday))],
    ['SLOT_TAKEN', 409, () => reserve(slot(lea, 'restauration', W51.thursday))],
    ['NOT_RESERVED', 422, () => cancel(slot(lea, 'restauration', W50.friday))],
    ['SLOT_PENDING', 422, () => cancel(slot(lea, 'restauration', W51.thursday))],
    ['EMPTY_REQUEST', 422, () => cancel()],
    ['ACTION_NOT_ALLOWED', 422, () => j.post(`/api/orders/${pendingOrderId}/confirm`, familyId)],
    ['ORDER_NOT_PENDING', 422, () => j.post(`/api/orders/${expiredOrderId}/confirm`, familyId)],
    ['ORDER_NOT_PENDING', 422, () => j.post(`/api/orders/${reservedOrderId}/confirm`, familyId)],
    ['ORDER_NOT_PENDING', 422, () => j.post(`/api/orders/${reservedOrderId}/abandon`, familyId)],
    ['AMOUNT_INVALID', 422, () => j.grant(familyId, 0)],
    ['AMOUNT_INVALID', 422, () => j.post(`/api/admin/families/${familyId}/refunds`, 'admin', { amountCents: -5, reference: 'VIR-1' })],
    ['INSUFFICIENT_CREDIT', 422, () => j.post(`/api/admin/families/${NGUYEN.familyId}/refunds`, 'admin', { amountCents: 100, reference: 'VIR-2' })],
    ['NOT_SERVED', 422, () => j.post('/api/admin/closures', 'admin', { activityId: 'restauration', date: W50.wednesday, reason: 'Grève' })],
    ['DAY_CLOSED', 422, () => j.post('/api/admin/closures', 'admin', { activityId: 'restauration', date: CHRISTMAS_HOLIDAY_MONDAY, reason: 'Grève' })],
    ['UNKNOWN_ACTIVITY', 422, () => j.post('/api/admin/closures', 'admin', { activityId: 'piscine', date: W50.monday, reason: 'Grève' })],
    ['UNKNOWN_ACTIVITY', 422, () => j.get(`/api/admin/attendance?date=${W50.monday}&activityId=piscine`, 'admin')],
    ['VALIDATION_FAILED', 400, () => j.reserve(familyId, [{ childId: lea, activityId: 'restauration', date: '2026-02-30' }])],
    ['VALIDATION_FAILED', 400, () => j.post(`/api/families/${familyId}/reservations`, familyId, { slot: [] })],
  ];

  it.each(cases)('%s → %i, nothing appended to the family', async (code, status, send) => {
    const before = await familyRevision();
    const res = await send();
    expect({ status: res.status, code: res.body?.error?.code }).toEqual({ status, code });
    expectErrorShape(res.body, code);
    expect(await familyRevision()).toBe(before);
  });

  it('a slot refusal names every slot refused in `details`', async () => {
    const res = await reserve(slot(lea, 'restauration', W50.wednesday), slot(lea, 'restauration', CHRISTMAS_HOLIDAY_MONDAY), slot(lea, 'restauration', W50.monday)).expect(422);
    expect(res.body.error.code).toBe('NOT_SERVED');
    expect(res.body.error.details.map((d: { date: string; code: string }) => [d.date, d.code])).toEqual([
      [W50.wednesday, 'NOT_SERVED'],
      [CHRISTMAS_HOLIDAY_MONDAY, 'DAY_CLOSED'],
    ]);
  });

  it('DAY_CLOSED after a closure (R14), DEADLINE_PASSED for a cancellation after its deadline', async () => {
    await j.post('/api/admin/closures', 'admin', { activityId: 'restauration', date: W50.friday, reason: 'Grève du personnel' }).expect(200);
    const closed = await reserve(slot(lea, 'restauration', W50.friday)).expect(422);
    expectErrorShape(closed.body, 'DAY_CLOSED');
    const leaMonday = slot(lea, 'restauration', W51.monday);
    const hugoMonday = slot(hugo, 'restauration', W51.monday);
    expect(await j.slotStatus(familyId, W51.week, leaMonday)).toMatchObject({ status: 'reserved', cancellable: true });
    expect(await j.slotStatus(familyId, W51.week, hugoMonday)).toMatchObject({ status: 'free' });
    // Cancelling Monday W51 closes two working days before, Thursday 12-10 12:00 Paris.
    j.clock.set('2026-12-10T11:01:00.000Z');
    // The planning follows the clock (not a stale answer): past its deadlines, the day is locked.
    expect(await j.slotStatus(familyId, W51.week, leaMonday)).toMatchObject({ status: 'reserved', cancellable: false });
    expect(await j.slotStatus(familyId, W51.week, hugoMonday)).toMatchObject({ status: 'locked' });
    const late = await cancel(slot(lea, 'restauration', W51.monday)).expect(422);
    expectErrorShape(late.body, 'DEADLINE_PASSED');
  });
});

describe('NO_TARIFF: a municipality file whose canteen grid starts after the school year', () => {
  let j: JourneyApp;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-catalog-'));
    const file = path.join(dir, 'municipality.json');
    const municipality = structuredClone(demoMunicipality) as unknown as { activities: { id: string; tariffs: { effectiveFrom: string }[] }[] };
    const canteen = municipality.activities.find((activity) => activity.id === 'restauration');
    if (!canteen) throw new Error('no canteen in the demo municipality');
    canteen.tariffs = canteen.tariffs.slice(1); // the 2027-01-01 grid only
    fs.writeFileSync(file, JSON.stringify(municipality));
    j = await JourneyApp.start({ env: { PERISCOL_MUNICIPALITY_FILE: file } });
  });
  afterAll(async () => {
    await j.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('a municipality file that does not validate stops start-up with a readable error', async () => {
    const bad = path.join(dir, 'bad.json');
    fs.writeFileSync(bad, JSON.stringify({ municipality: { id: 'x', name: 'X' }, activities: [] }));
    await expect(JourneyApp.start({ env: { PERISCOL_MUNICIPALITY_FILE: bad } })).rejects.toThrow(/PERISCOL_MUNICIPALITY_FILE: Invalid municipality file/);
  });

  it('a slot before the first grid → 422 NO_TARIFF; the planning shows it closed', async () => {
    const res = await j.reserve(MARTIN.familyId, [slot(MARTIN.lea, 'restauration', W50.monday)]).expect(422);
    expectErrorShape(res.body, 'NO_TARIFF');
    expect(await j.slotStatus(MARTIN.familyId, W50.week, slot(MARTIN.lea, 'restauration', W50.monday))).toMatchObject({ status: 'closed', priceCents: null });
  });
});
