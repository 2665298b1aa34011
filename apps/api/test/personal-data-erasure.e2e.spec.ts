import request from 'supertest';
import { ERASURE_COMMAND_KEY } from '../src/privacy/erase-personal-data.handler';
import { PersonCommandRunner } from '@periscol/application';
import { FamilyCommandRunner } from '@periscol/application';
import { expectErrorShape, newKey } from './support/http';
import { getBinary, pdfText } from './support/payments-journey';
import { JourneyApp, NGUYEN, slot, W50, W51 } from './journey.support';

/**
 * POST /api/admin/families/:id/erase-personal-data — R17's one deletion. A family that leaves
 * settles first (orders, credit, days to come); then its person stream is deleted, the erasure
 * is recorded in its financial stream, and everything else still verifies.
 */
describe('personal data erasure over HTTP (R17)', () => {
  let j: JourneyApp;
  const familyId = 'famille-durand';
  const zoe = 'zoe-durand';
  const monday = slot(zoe, 'restauration', W50.monday);
  const tuesday = slot(zoe, 'restauration', W50.tuesday);
  const thursday = slot(zoe, 'restauration', W50.thursday);
  const erasePath = (id = familyId) => `/api/admin/families/${id}/erase-personal-data`;
  const reason = 'Fin de la durée de conservation (3 ans après le départ)';

  beforeAll(async () => {
    j = await JourneyApp.start();
    await j
      .post('/api/admin/families', 'admin', {
        familyId,
        name: 'Claire Durand',
        email: 'claire.durand@example.fr',
        address: '3 rue des Lilas, 45000 Saint-Aubin-sur-Loire',
        resident: true,
        quotientFamilial: 800,
        children: [{ childId: zoe, firstName: 'Zoé', lastName: 'Durand', school: 'École maternelle Pasteur', grade: 'GS', activityIds: ['restauration'] }],
      })
      .expect(201);
  });
  afterAll(() => j.close());

  const erase = (id = familyId, key = newKey(), body: object = { reason }) => j.post(erasePath(id), 'admin', body, key);
  const streamRevision = async (streamId: string) => (await j.store.readStream(streamId)).currentRevision;

  async function payOnSimulatedSite(orderId: string): Promise<void> {
    const { checkoutUrl } = (await j.post(`/api/orders/${orderId}/checkout`, familyId).expect(200)).body as { checkoutUrl: string };
    await request(j.url).post(`${new URL(checkoutUrl).pathname}/pay`).type('form').send('').expect(303);
  }

  const readiness = async (role = 'admin') => (await j.get(`/api/admin/families/${familyId}/erasure`, role).expect(200)).body as { erasable: boolean; erasedAt: string | null; blockers: { code: string; details: unknown }[] };

  /** The erasure is refused with `code`, as the back office's preconditions said first; neither stream changed. */
  async function expectRefused(code: string) {
    await j.settle(); // ticket and credit-note numbering append to the family stream on their own
    const shown = await readiness();
    expect(shown).toMatchObject({ erasable: false, erasedAt: null });
    expect(shown.blockers[0].code).toBe(code);
    const [family, person] = [await streamRevision(`family-${familyId}`), await streamRevision(`person-${familyId}`)];
    const res = await erase().expect(422);
    expectErrorShape(res.body, code);
    expect((res.body as { error: { details: unknown[] } }).error.details).toEqual([shown.blockers[0].details]);
    expect(await streamRevision(`family-${familyId}`)).toBe(family);
    expect(await streamRevision(`person-${familyId}`)).toBe(person);
    expect((await j.get(`/api/families/${familyId}`, 'admin').expect(200)).body).toMatchObject({ name: 'Claire Durand', personalDataErased: false });
    return res.body as { error: { details: unknown[] } };
  }

  const ids: { paid?: string; cancellation?: string; payment?: string } = {};

  it('refuses while an order awaits payment, then while credit is left, then while a reserved day is still to come', async () => {
    const paid = (await j.reserve(familyId, [monday, tuesday]).expect(201)).body as { orderId: string; totalCents: number };
    expect(paid.totalCents).toBe(640);
    await payOnSimulatedSite(paid.orderId);
    ids.paid = paid.orderId;
    ids.payment = ((await j.get(`/api/families/${familyId}/payments`, familyId).expect(200)).body as { paymentId: string }[])[0].paymentId;
    const pending = (await j.reserve(familyId, [thursday]).expect(201)).body as { orderId: string };

    expect((await expectRefused('ORDERS_PENDING')).error.details).toEqual([{ orderIds: [pending.orderId] }]);
    await j.post(`/api/orders/${pending.orderId}/abandon`, familyId).expect(200);

    ids.cancellation = ((await j.cancel(familyId, [tuesday]).expect(201)).body as { cancellationId: string }).cancellationId;
    expect((await expectRefused('CREDIT_BALANCE_NOT_ZERO')).error.details).toEqual([{ balanceCents: 320 }]);
    await j.post(`/api/admin/families/${familyId}/refunds`, 'admin', { amountCents: 320, reference: 'Virement du 26/11/2026' }).expect(201);

    expect((await expectRefused('RESERVATIONS_UPCOMING')).error.details).toEqual([{ count: 1, firstDate: W50.monday }]);
  });

  let erasedAt: string;
  let erasureKey: string;
  let familyEventsBefore: readonly unknown[];
  it('once the family is settled and its last day is past: deletes the person stream and records the erasure in the family stream', async () => {
    j.clock.set('2026-12-08T08:00:00.000Z');
    await j.settle();
    familyEventsBefore = (await j.store.readStream(`family-${familyId}`)).events;
    expect(await readiness('auditor')).toEqual({ familyId, erasedAt: null, erasable: true, blockers: [] });
    erasureKey = newKey();
    const res = await erase(familyId, erasureKey).expect(200);
    erasedAt = '2026-12-08T08:00:00.000Z';
    expect(res.body).toEqual({ familyId, erasedAt, reason, personStreamDeleted: true });

    expect(await j.store.readStream(`person-${familyId}`)).toEqual({ events: [], currentRevision: -1, streamExists: false });
    const familyEvents = (await j.store.readStream(`family-${familyId}`)).events;
    expect(familyEvents.slice(0, -1)).toEqual(familyEventsBefore);
    expect(familyEvents.at(-1)).toMatchObject({ type: 'PersonalDataErased', data: { familyId, erasedAt, reason }, metadata: { actor: { userId: 'test-admin', role: 'admin' } } });
    expect(await readiness()).toEqual({ familyId, erasedAt, erasable: false, blockers: [] });
  });

  it('shows the family with its names, e-mail, address and QF gone, to the agent and to the parent', async () => {
    for (const as of ['admin', familyId]) {
      const family = (await j.get(`/api/families/${familyId}`, as).expect(200)).body;
      expect(family).toMatchObject({ familyId, name: null, email: null, address: null, quotientFamilial: null, personalDataErased: true, creditBalanceCents: 0 });
      expect(family.children).toEqual([{ childId: zoe, firstName: null, lastName: null, school: null, grade: null, activityIds: ['restauration'], medicalProtocol: false, ownQuotientFamilial: null }]);
    }
  });

  it('prints « données effacées » in place of names on every document; numbers and amounts stay', async () => {
    const admin = j.token('admin');
    for (const path of [
      `/api/orders/${ids.paid}/pdf`,
      `/api/cancellations/${ids.cancellation}/pdf`,
      `/api/payments/${ids.payment}/ticket.pdf`,
      `/api/families/${familyId}/recap.pdf?from=2026-12-01&to=2026-12-31`,
    ]) {
      const text = await pdfText((await getBinary(j.t, path, admin).expect(200)).body as Buffer);
      expect(text).toContain('données effacées');
      for (const personal of ['Zoé', 'Durand', 'Claire', 'Lilas', 'Pasteur']) expect(text).not.toContain(personal);
    }
    const ticket = await pdfText((await getBinary(j.t, `/api/payments/${ids.payment}/ticket.pdf`, admin).expect(200)).body as Buffer);
    expect(ticket).toMatch(/R-2026-\d{6}/);
    expect(ticket).toContain('6,40 €');
  });

  it("keeps the child in the canteen's past count, without a name", async () => {
    const attendance = (await j.get(`/api/admin/attendance?date=${W50.monday}&activityId=restauration`, 'admin').expect(200)).body;
    const group = attendance.bySchool.find((g: { school: string }) => g.school === 'données effacées');
    expect(group.children).toEqual([{ childId: zoe, familyId, firstName: null, lastName: null, grade: null }]);
    expect(JSON.stringify(attendance)).not.toMatch(/Zoé|Durand|Pasteur/);
  });

  it('leaves every hash chain, the ledger and the projections verifying; the history says what happened', async () => {
    await j.settle();
    const report = await j.verify();
    expect(report.checks.filter((c) => !c.ok)).toEqual([]);
    expect(report.ok).toBe(true);
    const history = (await j.get(`/api/families/${familyId}/history`, familyId).expect(200)).body;
    expect(history.entries.at(-1)).toMatchObject({ type: 'PersonalDataErased', at: erasedAt, summary: expect.stringMatching(/^Données personnelles effacées/) });
  });

  it('stays erased after the read models are rebuilt from the history', async () => {
    await j.post('/api/admin/projections/rebuild', 'admin', {}, null).expect(200);
    expect((await j.get(`/api/families/${familyId}`, 'admin').expect(200)).body).toMatchObject({ name: null, personalDataErased: true });
  });

  it('answers a retry (same key, or another one) with the first erasure and appends nothing', async () => {
    const head = await j.store.headPosition();
    expect((await erase(familyId, erasureKey).expect(200)).body).toEqual({ familyId, erasedAt, reason, personStreamDeleted: true });
    j.clock.advance({ days: 1 });
    expect((await erase(familyId, newKey(), { reason: 'Autre motif' }).expect(200)).body).toEqual({ familyId, erasedAt, reason, personStreamDeleted: true });
    // The second key's answer is stored (idempotency record), nothing else.
    const appended = (await j.store.readAll({ after: head })).filter((e) => e.streamId.startsWith('family-') || e.streamId.startsWith('person-'));
    expect(appended).toEqual([]);
  });

  it('records no personal data about the family any more', async () => {
    const qf = await request(j.url).put(`/api/admin/families/${familyId}/quotient-familial`).auth(j.token('admin'), { type: 'bearer' }).set('Idempotency-Key', newKey()).send({ quotientFamilial: 500 });
    expect(qf.status).toBe(422);
    expectErrorShape(qf.body, 'PERSONAL_DATA_ERASED');
    const again = await j.post('/api/admin/families', 'admin', { familyId, name: 'Claire Durand', email: 'claire.durand@example.fr', resident: true, children: [] }).expect(409);
    expectErrorShape(again.body, 'FAMILY_ALREADY_REGISTERED');
    expect(await j.store.readStream(`person-${familyId}`)).toMatchObject({ streamExists: false });
  });

  it('refuses other callers and bad input with a code', async () => {
    expectErrorShape((await j.post(erasePath('famille-bernard'), 'famille-bernard', { reason }).expect(403)).body, 'FORBIDDEN');
    expectErrorShape((await j.post(erasePath('famille-bernard'), 'auditor', { reason }).expect(403)).body, 'FORBIDDEN');
    for (const role of ['famille-bernard', 'agent', 'regisseur']) expectErrorShape((await j.get('/api/admin/families/famille-bernard/erasure', role).expect(403)).body, 'FORBIDDEN');
    expectErrorShape((await j.get('/api/admin/families/famille-inconnue/erasure', 'admin').expect(404)).body, 'NOT_FOUND');
    for (const body of [{}, { reason: '' }, { reason: '   ' }, { reason: 42 }]) expectErrorShape((await erase('famille-bernard', newKey(), body).expect(400)).body, 'VALIDATION_FAILED');
    expectErrorShape((await erase('famille-bernard', null as unknown as string).expect(400)).body, 'IDEMPOTENCY_KEY_REQUIRED');
    expectErrorShape((await erase('famille-inconnue').expect(404)).body, 'FAMILY_NOT_REGISTERED');
    expect((await j.get('/api/families/famille-bernard', 'admin').expect(200)).body).toMatchObject({ name: 'Sophie et Karim Bernard', personalDataErased: false });
  });

  it('completes an erasure interrupted after its record (a crash before the deletion); a person event written in between never resurfaces', async () => {
    const bernard = 'famille-bernard';
    const actor = { userId: 'test-admin', role: 'admin' };
    const now = j.clock.now().toISOString();
    // What the handler does before the deletion, and a QF update that slipped in just after it.
    await j.t.app.get(FamilyCommandRunner).run(bernard, { type: 'RecordPersonalDataErased', data: { reason }, metadata: { now } }, { idempotencyKey: ERASURE_COMMAND_KEY, actor });
    await j.t.app.get(PersonCommandRunner).run(bernard, { type: 'UpdateQuotientFamilial', data: { quotientFamilial: 321 }, metadata: { now } }, { idempotencyKey: 'late-qf', actor });
    expect((await j.store.readStream(`person-${bernard}`)).streamExists).toBe(true);
    expect((await j.get(`/api/families/${bernard}`, 'admin').expect(200)).body).toMatchObject({ name: null, quotientFamilial: null, personalDataErased: true });

    j.clock.advance({ hours: 1 });
    expect((await erase(bernard).expect(200)).body).toEqual({ familyId: bernard, erasedAt: now, reason, personStreamDeleted: true });
    expect((await j.store.readStream(`person-${bernard}`)).streamExists).toBe(false);
    expect((await j.get(`/api/families/${bernard}`, 'admin').expect(200)).body).toMatchObject({ name: null, quotientFamilial: null, children: expect.arrayContaining([expect.objectContaining({ firstName: null })]) });
  });

  it('decides on the state it appends to: a reservation landing between its read and its append makes it refuse (R13)', async () => {
    const { familyId: nguyen, lina } = NGUYEN;
    const store = j.store;
    const append = store.appendToStream.bind(store);
    let interleaved: Promise<unknown> | undefined;
    store.appendToStream = async (streamId, events, options) => {
      if (!interleaved && events[0]?.type === 'PersonalDataErased') {
        interleaved = j.reserve(nguyen, [slot(lina, 'mercredi', W51.wednesday)], undefined, 'admin').expect(201);
        await interleaved;
      }
      return append(streamId, events, options);
    };
    try {
      const res = await erase(nguyen).expect(422);
      expectErrorShape(res.body, 'ORDERS_PENDING');
    } finally {
      store.appendToStream = append;
    }
    expect(interleaved).toBeDefined();
    expect((await j.store.readStream(`person-${nguyen}`)).streamExists).toBe(true);
    expect((await j.get(`/api/families/${nguyen}`, 'admin').expect(200)).body).toMatchObject({ name: expect.any(String), personalDataErased: false });
  });
});
