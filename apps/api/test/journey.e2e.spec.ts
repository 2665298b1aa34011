import request from 'supertest';
import { expectErrorShape } from './support/http';
import { describeWithPostgres } from '@periscol/event-store/testing';
import { JourneyApp, MARTIN, slot, W50 } from './journey.support';
import { createTestPostgresDatabase, type TestPostgresDatabase } from './support/postgres-database';

/**
 * docs/rules.md §1 (the parent journey) at the API level, as the parent lives it (famille Martin, QF 612: canteen 2,10 €,
 * Wednesday 8,00 €): planning → quote → « Demande de réservation » → order detail → « OK » with
 * credit → planning in green → cancellation « Validation » → credit applied to the next order →
 * « Payer » on the (simulated) payment site for what the credit does not cover → an order left
 * unpaid expires.
 */
/** The same journey on each store the API runs on: the embedded SQLite file, then PostgreSQL. */
const STORES: readonly { readonly name: string; readonly describe: (name: string, body: () => void) => void; readonly database?: boolean }[] = [
  { name: 'SQLite', describe },
  { name: 'PostgreSQL', describe: describeWithPostgres, database: true },
];

for (const store of STORES) store.describe(`the parent journey (docs/rules.md §1) over HTTP, on ${store.name}`, () => {
  let j: JourneyApp;
  let database: TestPostgresDatabase | undefined;
  const { familyId, lea, hugo } = MARTIN;
  const leaMonday = slot(lea, 'restauration', W50.monday);
  const leaTuesday = slot(lea, 'restauration', W50.tuesday);
  const leaThursday = slot(lea, 'restauration', W50.thursday);
  const leaFriday = slot(lea, 'restauration', W50.friday);
  const leaWednesday = slot(lea, 'mercredi', W50.wednesday);
  const hugoMonday = slot(hugo, 'restauration', W50.monday);

  beforeAll(async () => {
    database = store.database ? await createTestPostgresDatabase('periscol_journey') : undefined;
    j = await JourneyApp.start(database ? { env: { DATABASE_URL: database.url } } : {});
  });
  afterAll(async () => {
    await j?.close();
    await database?.drop();
  });

  it('1. the catalog and the family are there (demo municipality, demo family)', async () => {
    const catalog = (await request(j.url).get('/api/catalog').expect(200)).body;
    expect(catalog.municipality.name).toContain('Saint-Aubin-sur-Loire');
    expect(catalog.timezone).toBe('Europe/Paris');
    expect(catalog.activities.map((a: { id: string }) => a.id)).toEqual(['restauration', 'accueil-matin', 'accueil-soir', 'mercredi']);

    const family = (await j.get(`/api/families/${familyId}`, familyId).expect(200)).body;
    expect(family).toMatchObject({ familyId, name: 'Camille Martin', quotientFamilial: 612, resident: true, creditBalanceCents: 0 });
    expect(family.children.map((c: { childId: string; school: string }) => [c.childId, c.school])).toEqual([
      [lea, 'École élémentaire Jules-Ferry'],
      [hugo, 'École élémentaire Jules-Ferry'],
    ]);
  });

  it('2. the planning of a week shows free days with their price, closed ones without', async () => {
    const planning = await j.planning(familyId, W50.week);
    expect(planning.children.map((c) => c.childId)).toEqual([lea, hugo]);
    const leaDays = planning.children[0].days;
    expect(leaDays.map((d) => d.date)).toEqual([W50.monday, W50.tuesday, W50.wednesday, W50.thursday, W50.friday, '2026-12-12', '2026-12-13']);
    expect(leaDays[0].slots.find((s) => s.activityId === 'restauration')).toMatchObject({ status: 'free', priceCents: 210 });
    expect(leaDays[2].slots.find((s) => s.activityId === 'restauration')).toMatchObject({ status: 'closed', priceCents: null });
    expect(leaDays[2].slots.find((s) => s.activityId === 'mercredi')).toMatchObject({ status: 'free', priceCents: 800 });
    expect(planning.children[0].firstName).toBe('Léa');
    // Without `week`: this week in Paris (Thursday 2026-11-26), whose canteen days are past their deadline.
    const thisWeek = (await j.get(`/api/families/${familyId}/planning`, familyId).expect(200)).body;
    expect(thisWeek.week).toBe('2026-W48');
    expect(thisWeek.children[0].days[4].slots.find((s: { activityId: string }) => s.activityId === 'restauration')).toMatchObject({ status: 'locked', priceCents: 210 });
  });

  it('3. a quote says what submitting would do and appends nothing', async () => {
    await j.settle();
    const head = await j.store.headPosition();
    const res = await j.post(`/api/families/${familyId}/quote`, familyId, { reserve: [leaMonday, hugoMonday, leaWednesday] }, null).expect(200);
    expect(res.body.reservation).toMatchObject({ totalCents: 1220, creditAppliedCents: 0, amountDueCents: 1220 });
    expect(res.body.cancellation).toEqual({ lines: [], totalCents: 0 });
    expect(await j.store.headPosition()).toBe(head);
  });

  let unpaidOrderId: string;
  it('4. « Demande de réservation » → an order awaiting payment; the days show « Modification en cours »', async () => {
    const res = await j.reserve(familyId, [leaMonday, hugoMonday]).expect(201);
    expect(res.body).toMatchObject({
      familyId,
      status: 'awaiting_payment',
      action: 'pay',
      totalCents: 420,
      creditAppliedCents: 0,
      amountDueCents: 420,
      requestedAt: '2026-11-26T09:00:00.000Z',
      expiresAt: '2026-11-26T10:00:00.000Z',
    });
    expect(res.body.lines).toEqual([
      { childId: lea, activityId: 'restauration', date: W50.monday, unitPriceCents: 210 },
      { childId: hugo, activityId: 'restauration', date: W50.monday, unitPriceCents: 210 },
    ]);
    unpaidOrderId = res.body.orderId;
    expect(await j.slotStatus(familyId, W50.week, leaMonday)).toMatchObject({ status: 'pending', orderId: unpaidOrderId, priceCents: 210 });
    expect((await j.get(`/api/orders/${unpaidOrderId}`, familyId).expect(200)).body).toEqual(res.body);
  });

  it('5. « OK » is refused while there is something to pay; abandoning frees the days', async () => {
    const refused = await j.post(`/api/orders/${unpaidOrderId}/confirm`, familyId).expect(422);
    expectErrorShape(refused.body, 'ACTION_NOT_ALLOWED');
    const abandoned = await j.post(`/api/orders/${unpaidOrderId}/abandon`, familyId).expect(200);
    expect(abandoned.body).toMatchObject({ status: 'expired', action: 'none', expiryReason: 'abandoned' });
    expect(await j.slotStatus(familyId, W50.week, leaMonday)).toMatchObject({ status: 'free' });
  });

  let creditOrderId: string;
  it('6. with a credit covering the whole order, « OK » replaces « Payer » and confirms it: the days turn green', async () => {
    expect((await j.grant(familyId, 1000)).status).toBe(201);
    const order = (await j.reserve(familyId, [leaMonday, leaTuesday, leaThursday]).expect(201)).body;
    expect(order).toMatchObject({ status: 'awaiting_confirmation', action: 'ok', totalCents: 630, creditAppliedCents: 630, amountDueCents: 0 });
    creditOrderId = order.orderId;
    expect(((await j.get(`/api/families/${familyId}/credits`, familyId).expect(200)).body as { balanceCents: number; heldCents: number })).toMatchObject({ balanceCents: 370, heldCents: 630 });

    const confirmed = (await j.post(`/api/orders/${creditOrderId}/confirm`, familyId).expect(200)).body;
    expect(confirmed).toMatchObject({ orderId: creditOrderId, status: 'confirmed', action: 'none', confirmedVia: 'credit', confirmedAt: '2026-11-26T09:00:00.000Z' });
    expect(await j.slotStatus(familyId, W50.week, leaTuesday)).toMatchObject({ status: 'reserved', orderId: creditOrderId });
    // The canteen's count for that Monday.
    const attendance = (await j.get(`/api/admin/attendance?date=${W50.monday}&activityId=restauration`, 'admin').expect(200)).body;
    expect(attendance).toMatchObject({ total: 1, bySchool: [{ school: 'École élémentaire Jules-Ferry', count: 1, children: [{ childId: lea, firstName: 'Léa', lastName: 'Martin', grade: 'CE2' }] }] });
  });

  it('7. a cancellation (« Validation ») credits each day at its reserved price', async () => {
    const quote = (await j.post(`/api/families/${familyId}/quote`, familyId, { cancel: [leaTuesday] }, null).expect(200)).body;
    expect(quote.cancellation).toEqual({ lines: [{ ...leaTuesday, creditCents: 210 }], totalCents: 210 });
    const cancellation = (await j.cancel(familyId, [leaTuesday]).expect(201)).body;
    expect(cancellation).toMatchObject({ familyId, lines: [{ ...leaTuesday, creditCents: 210 }], totalCents: 210, creditBalanceCents: 580, reason: 'parent', cancelledAt: '2026-11-26T09:00:00.000Z' });
    expect((await j.get(`/api/cancellations/${cancellation.cancellationId}`, familyId).expect(200)).body).toMatchObject(cancellation);
    expect(await j.slotStatus(familyId, W50.week, leaTuesday)).toMatchObject({ status: 'free' });
    const credits = (await j.get(`/api/families/${familyId}/credits`, familyId).expect(200)).body;
    expect(credits.movements.map((m: { kind: string; amountCents: number }) => [m.kind, m.amountCents])).toEqual([
      ['goodwill', 1000],
      ['applied_to_order', -630],
      ['cancellation', 210],
    ]);
  });

  it('8. « Payer »: the credit is deducted automatically, the rest is paid on the payment site, and the payment confirms the order', async () => {
    const order = (await j.reserve(familyId, [leaFriday, leaWednesday]).expect(201)).body;
    expect(order).toMatchObject({ totalCents: 1010, creditAppliedCents: 580, amountDueCents: 430, action: 'pay', status: 'awaiting_payment' });
    expect(await j.balance(familyId)).toBe(0);

    const { checkoutUrl } = (await j.post(`/api/orders/${order.orderId}/checkout`, familyId).expect(200)).body as { checkoutUrl: string };
    const page = new URL(checkoutUrl).pathname;
    expect((await request(j.url).get(page).expect(200)).text).toContain('4,30');
    await request(j.url).post(`${page}/pay`).type('form').send('').expect(303);

    expect((await j.get(`/api/orders/${order.orderId}`, familyId).expect(200)).body).toMatchObject({ status: 'confirmed', action: 'none', confirmedVia: 'payment' });
    const payments = (await j.get(`/api/families/${familyId}/payments`, familyId).expect(200)).body;
    expect(payments).toEqual([expect.objectContaining({ orderId: order.orderId, amountCents: 430, ticketNumber: expect.stringMatching(/^R-2026-\d{6}$/), outcome: 'order_confirmed' })]);
    expect(await j.slotStatus(familyId, W50.week, leaWednesday)).toMatchObject({ status: 'reserved', orderId: order.orderId });
  });

  it('9. an order left unpaid expires once its hold is over (R6): its days are free again', async () => {
    const order = (await j.reserve(familyId, [hugoMonday]).expect(201)).body;
    expect(order).toMatchObject({ amountDueCents: 210, expiresAt: '2026-11-26T10:00:00.000Z' });
    j.clock.advance({ minutes: 59 });
    expect(await j.expireDue()).toEqual([]);
    j.clock.advance({ minutes: 1 });
    expect(await j.expireDue()).toEqual([order.orderId]);
    expect((await j.get(`/api/orders/${order.orderId}`, familyId).expect(200)).body).toMatchObject({ status: 'expired', expiryReason: 'timeout', expiredAt: order.expiresAt });
    expect(await j.slotStatus(familyId, W50.week, hugoMonday)).toMatchObject({ status: 'free' });
    expect(await j.expireDue()).toEqual([]);
  });

  it('10. the recap: the planning shows in green what is confirmed; the balance and the history verify', async () => {
    for (const day of [leaMonday, leaThursday]) expect(await j.slotStatus(familyId, W50.week, day)).toMatchObject({ status: 'reserved', orderId: creditOrderId });
    expect(await j.slotStatus(familyId, W50.week, leaTuesday)).toMatchObject({ status: 'free' });
    const family = (await j.get(`/api/families/${familyId}`, familyId).expect(200)).body;
    expect(family.creditBalanceCents).toBe(0);
    await j.settle();
    const report = await j.verify();
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    expect(report.checks.find((c) => c.name === 'ledger conservation (R11)')?.detail).toContain('payments 430 + goodwill 1000');
  });
});
