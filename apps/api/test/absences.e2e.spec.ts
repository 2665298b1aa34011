import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { expectErrorShape, newKey } from './support/http';
import { adminToken, dupreFamily, familyState, getBinary, parentToken, runFamily, seedFamily, slot, startPaymentsApp, streamEvents, tokenFor, W50 } from './support/payments-journey';
import type { TestApp } from './support/test-app';

/** A small but real PDF's first bytes are all the type check reads. */
const PDF = Buffer.from('%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n', 'latin1');
const PNG = Buffer.concat([Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]), Buffer.alloc(64, 1)]);
const GIF = Buffer.from('GIF89a\x01\x00\x01\x00\x00\x00\x00;', 'latin1');

/**
 * R22 over HTTP: Léa's canteen Monday 7 December (W50) is reserved and paid; its cancellation
 * deadline is Thursday 3 December at noon. On Friday 4 December her parent declares her absent
 * with a certificate; an agent accepts or refuses it.
 */
describe('absence with proof (R22): declared by a parent, decided by an agent', () => {
  let t: TestApp;
  const F = 'fam-dupre';
  const agent = () => tokenFor(t, { sub: 'agent-7', role: 'agent' });
  const otherAgent = () => tokenFor(t, { sub: 'agent-8', role: 'agent' });
  const parent = () => parentToken(t, F);
  const proofsDir = () => path.join(t.dataDir, 'absence-proofs', F);

  const declare = (body: Buffer, options: { key?: string; token?: string; contentType?: string; date?: string; activityId?: string } = {}) =>
    request(t.url)
      .post(`/api/families/${F}/absences`)
      .query({ childId: 'c-lea', activityId: options.activityId ?? 'restauration', date: options.date ?? W50.monday })
      .set('Authorization', `Bearer ${options.token ?? parent()}`)
      .set('Idempotency-Key', options.key ?? newKey())
      .set('Content-Type', options.contentType ?? 'application/pdf')
      .send(body);
  const decide = (absenceId: string, action: 'accept' | 'refuse', token: string, key = newKey(), body: object = {}) =>
    request(t.url).post(`/api/admin/families/${F}/absences/${absenceId}/${action}`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body);
  const get = (route: string, token: string) => request(t.url).get(route).set('Authorization', `Bearer ${token}`);
  /** What a declaration or a decision appends (ticket and credit note numbers come on their own, a moment later). */
  const decisions = async () =>
    (await streamEvents(t, `family-${F}`)).filter((event) => /^Absence|^ReservationCancelled$|^CreditIssued$/.test(event.type)).map((event) => event.type);
  const filesOfFamily = () => (fs.existsSync(proofsDir()) ? fs.readdirSync(proofsDir()) : []);

  beforeEach(async () => {
    t = await startPaymentsApp();
    await seedFamily(t, dupreFamily());
    const { state } = await runFamily(t, F, { type: 'RequestReservation', data: { orderId: 'o1', slots: [slot('c-lea', 'restauration', W50.monday), slot('c-lea', 'accueil-matin', W50.monday)].slice(0, 1), pricing: { quotientFamilial: 650 } } }, 'seed:o1');
    const due = state.orders.get('o1')?.amountDueCents ?? 0;
    await runFamily(t, F, { type: 'ConfirmPayment', data: { paymentId: 'p1', orderId: 'o1', provider: 'simulated', amountCents: due } }, 'seed:p1');
    t.clock.set('2026-12-04T08:00:00.000Z');
  });

  afterEach(async () => {
    await t.close();
  });

  it('a declaration with a PDF, accepted by an agent, credits the day at its reserved price; the parent sees it', async () => {
    const declared = await declare(PDF, { key: 'declare-1' }).expect(201);
    expect(declared.body).toMatchObject({ familyId: F, childId: 'c-lea', activityId: 'restauration', activityLabel: 'Restauration scolaire', date: W50.monday, status: 'pending', proof: { mediaType: 'application/pdf', sizeBytes: PDF.length }, creditCents: null });
    const { absenceId, unitPriceCents } = declared.body as { absenceId: string; unitPriceCents: number };
    // A retry answers the same and declares nothing more.
    expect((await declare(PDF, { key: 'declare-1' }).expect(201)).body).toEqual(declared.body);
    expect(filesOfFamily()).toHaveLength(1);

    const pending = (await get('/api/admin/absences?status=pending', agent()).expect(200)).body.absences;
    expect(pending).toEqual([expect.objectContaining({ absenceId, familyName: 'Famille Dupré', childName: 'Léa Dupré', status: 'pending' })]);
    const proof = await getBinary(t, `/api/admin/families/${F}/absences/${absenceId}/proof`, agent()).expect(200);
    expect(proof.headers['content-type']).toBe('application/pdf');
    expect(Buffer.compare(proof.body as Buffer, PDF)).toBe(0);

    const accepted = await decide(absenceId, 'accept', agent(), 'accept-1').expect(200);
    expect(accepted.body).toMatchObject({ absenceId, status: 'accepted', creditCents: unitPriceCents, creditId: `${absenceId}-credit` });
    expect((await familyState(t, F)).balanceCents).toBe(unitPriceCents);

    const mine = (await get(`/api/families/${F}/absences`, parent()).expect(200)).body;
    expect(mine.absences).toEqual([expect.objectContaining({ absenceId, status: 'accepted', creditCents: unitPriceCents })]);
    expect(mine.rule).toMatchObject({ graceDays: 10, maxProofBytes: 5242880, proofTypes: ['application/pdf', 'image/jpeg', 'image/png'] });
    expect((await get('/api/admin/absences?status=pending', agent()).expect(200)).body.absences).toEqual([]);
    const credits = (await get(`/api/families/${F}/credits`, parent()).expect(200)).body;
    expect(credits.balanceCents).toBe(unitPriceCents);
    // The audit's checks (ledger R11, numbering, projections) still hold with the absence in the history.
    const report = (await get('/api/audit/verify', adminToken(t)).expect(200)).body as { ok: boolean; checks: { name: string; ok: boolean }[] };
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  });

  it('is decided once: the same acceptance again changes nothing, a refusal after it is ABSENCE_ALREADY_DECIDED', async () => {
    const { absenceId } = (await declare(PNG, { contentType: 'image/png' }).expect(201)).body as { absenceId: string };
    const first = await decide(absenceId, 'accept', agent()).expect(200);
    const eventsAfterFirst = (await decisions()).length;
    const { creditNoteNumber: _numberedSince, ...firstAnswer } = first.body as Record<string, unknown>;
    expect((await decide(absenceId, 'accept', otherAgent()).expect(200)).body).toMatchObject(firstAnswer);
    expectErrorShape((await decide(absenceId, 'refuse', otherAgent(), newKey(), { reason: 'Illisible' }).expect(409)).body, 'ABSENCE_ALREADY_DECIDED');
    expect((await decisions()).length).toBe(eventsAfterFirst);
    expectErrorShape((await decide('absence-none', 'accept', agent()).expect(404)).body, 'UNKNOWN_ABSENCE');
  });

  it('two agents accepting at once credit the day once', async () => {
    const { absenceId, unitPriceCents } = (await declare(PDF).expect(201)).body as { absenceId: string; unitPriceCents: number };
    const answers = await Promise.all([decide(absenceId, 'accept', agent()), decide(absenceId, 'accept', otherAgent()), decide(absenceId, 'accept', agent())]);
    expect(answers.map((answer) => answer.status)).toEqual([200, 200, 200]);
    const state = await familyState(t, F);
    expect(state.balanceCents).toBe(unitPriceCents);
    expect([...state.credits.values()].filter((credit) => credit.sourceId === `${absenceId}-cancellation`)).toHaveLength(1);
  });

  it('a refusal keeps the day paid; the parent sees the reason and may declare again with another proof', async () => {
    const { absenceId } = (await declare(PDF).expect(201)).body as { absenceId: string };
    const refused = await decide(absenceId, 'refuse', agent(), newKey(), { reason: 'Justificatif illisible' }).expect(200);
    expect(refused.body).toMatchObject({ status: 'refused', refusalReason: 'Justificatif illisible', creditCents: null });
    expect((await familyState(t, F)).balanceCents).toBe(0);
    expectErrorShape((await decide(absenceId, 'accept', agent()).expect(409)).body, 'ABSENCE_ALREADY_DECIDED');
    t.clock.advance({ minutes: 5 });
    await declare(PNG, { contentType: 'image/png' }).expect(201);
    expect((await get(`/api/families/${F}/absences`, parent()).expect(200)).body.absences.map((a: { status: string }) => a.status)).toEqual(['pending', 'refused']);
  });

  it('refuses a proof of another type (whatever its Content-Type says), one too large, a day too late or still cancellable — and nothing changes', async () => {
    const before = await decisions();
    expectErrorShape((await declare(GIF).expect(422)).body, 'PROOF_TYPE_NOT_ACCEPTED');
    expectErrorShape((await declare(Buffer.from('%PDF? not really', 'latin1'), { contentType: 'text/plain' }).expect(422)).body, 'PROOF_TYPE_NOT_ACCEPTED');
    const tooLarge = await declare(Buffer.concat([PDF, Buffer.alloc(5 * 1024 * 1024)])).expect(422);
    expectErrorShape(tooLarge.body, 'PROOF_TOO_LARGE');
    expectErrorShape((await declare(Buffer.alloc(0)).expect(400)).body, 'BAD_REQUEST');
    expectErrorShape((await declare(PDF, { activityId: 'accueil-matin' }).expect(422)).body, 'ABSENCE_NOT_ALLOWED');
    expectErrorShape((await declare(PDF, { date: W50.tuesday }).expect(422)).body, 'NOT_RESERVED');

    t.clock.set('2026-12-03T10:00:00.000Z');
    expectErrorShape((await declare(PDF).expect(422)).body, 'ABSENCE_BEFORE_DEADLINE');
    t.clock.set('2026-12-17T23:00:00.000Z');
    const late = await declare(PDF).expect(422);
    expectErrorShape(late.body, 'ABSENCE_TOO_LATE');
    expect(late.body.error.details).toEqual([{ limit: '2026-12-17T22:59:59.999Z' }]);

    expect(await decisions()).toEqual(before);
    expect((await familyState(t, F)).balanceCents).toBe(0);
    expect(filesOfFamily()).toEqual([]);
    expect((await get(`/api/families/${F}/absences`, parent()).expect(200)).body.absences).toEqual([]);
  });

  it('each role reaches only what it may', async () => {
    const { absenceId } = (await declare(PDF).expect(201)).body as { absenceId: string };
    expectErrorShape((await declare(PDF, { token: agent() }).expect(403)).body, 'FORBIDDEN');
    expectErrorShape((await decide(absenceId, 'accept', parent()).expect(403)).body, 'FORBIDDEN');
    expectErrorShape((await get('/api/admin/absences', parent()).expect(403)).body, 'FORBIDDEN');
    expectErrorShape((await get(`/api/admin/families/${F}/absences/${absenceId}/proof`, parent()).expect(403)).body, 'FORBIDDEN');
    expectErrorShape((await get(`/api/families/${F}/absences`, parentToken(t, 'fam-other')).expect(404)).body, 'NOT_FOUND');
    expectErrorShape((await declare(PDF, { token: parentToken(t, 'fam-other') }).expect(404)).body, 'NOT_FOUND');
    await get('/api/admin/absences', adminToken(t)).expect(200);
  });
});
