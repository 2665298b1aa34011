import request from 'supertest';
import { PersonCommandRunner } from '@periscol/application';
import { PersonalDataCopies } from '../src/privacy/personal-data-copies';
import { TaxCertificateMailing } from '../src/tax-certificates/tax-certificate-mailing.job';
import {
  adminToken,
  auditorToken,
  dupreFamily,
  familyState,
  getBinary,
  mailServices,
  parentToken,
  pdfText,
  requestOrder,
  runFamily,
  seedFamily,
  slot,
  startPaymentsApp,
  streamEvents,
  ticketProcess,
} from './support/payments-journey';
import type { TestApp } from './support/test-app';

/** Léa is under six on 1 January 2026, Noah is not. */
const BIRTH_DATES: Record<string, string> = { 'c-lea': '2021-05-10', 'c-noah': '2018-03-01' };
const JANUARY = '2027-01-05T08:00:00.000Z';
const certificateMessageId = (familyId: string) => `<attestation-fiscale-${familyId}-2026@periscol.local>`;

async function recordBirthDates(t: TestApp, familyId: string, birthDates = BIRTH_DATES): Promise<void> {
  for (const child of dupreFamily(familyId).children) {
    const command = {
      type: 'RecordChildIdentity' as const,
      data: { childId: child.childId, firstName: child.firstName, lastName: child.lastName, school: 'École Jules-Ferry', grade: child.grade ?? 'CE1', birthDate: birthDates[child.childId] },
      metadata: { now: t.clock.now().toISOString() },
    };
    const key = `birth:${familyId}:${child.childId}:${birthDates[child.childId]}`;
    const result = await t.app.get(PersonCommandRunner).run(familyId, command, { idempotencyKey: key, actor: { userId: 'test:seed', role: 'admin' } });
    if (result._tag === 'Left') throw new Error(result.left.message);
  }
}

/** An order paid in full by the family; returns the price of each line. */
async function paidOrder(t: TestApp, familyId: string, orderId: string, slots: Parameters<typeof requestOrder>[3]) {
  const order = await requestOrder(t, familyId, orderId, slots, 650);
  await runFamily(t, familyId, { type: 'ConfirmPayment', data: { paymentId: `pay-${orderId}`, orderId, provider: 'simulated', amountCents: order.amountDueCents } }, `pay:${orderId}`);
  return order.lines;
}

const pdfOf = (t: TestApp, familyId: string, token: string, year: unknown = 2026) => getBinary(t, `/api/families/${familyId}/tax-certificate.pdf?year=${String(year)}`, token);

describe('tax certificate (attestation fiscale de frais de garde, R21)', () => {
  let t: TestApp;
  let leaCareCents = 0;
  let first: Buffer;

  beforeAll(async () => {
    t = await startPaymentsApp();
    for (const familyId of ['fam-a', 'fam-b', 'fam-c']) await seedFamily(t, dupreFamily(familyId));
    await recordBirthDates(t, 'fam-a');
    await recordBirthDates(t, 'fam-b');
    // fam-a: Léa's after-school care counts; the canteen and Noah (six already) do not.
    const lines = await paidOrder(t, 'fam-a', 'ord-a1', [slot('c-lea', 'accueil-soir', '2026-12-07'), slot('c-lea', 'restauration', '2026-12-07'), slot('c-noah', 'restauration', '2026-12-07')]);
    leaCareCents = lines.filter((line) => line.activityId === 'accueil-soir').reduce((sum, line) => sum + line.unitPriceCents, 0);
    // fam-b: canteen only; fam-c: care paid, but no birth date known.
    await paidOrder(t, 'fam-b', 'ord-b1', [slot('c-lea', 'restauration', '2026-12-07')]);
    await paidOrder(t, 'fam-c', 'ord-c1', [slot('c-lea', 'accueil-soir', '2026-12-07')]);
  });

  afterAll(() => t?.close());

  it('is refused while the year is not over', async () => {
    const res = await pdfOf(t, 'fam-a', parentToken(t, 'fam-a')).expect(422);
    expect(JSON.parse(res.body.toString()).error.code).toBe('TAX_YEAR_NOT_OVER');
  });

  it('downloads in January: numbered, the care of each child under six, canteen excluded; byte-identical for every reader', async () => {
    t.clock.set(JANUARY);
    const res = await pdfOf(t, 'fam-a', parentToken(t, 'fam-a')).expect(200).expect('Content-Type', 'application/pdf');
    expect(res.headers['content-disposition']).toContain('Attestation%20fiscale%20frais%20de%20garde%202026%20F-2026-000001.pdf');
    first = res.body as Buffer;
    const text = await pdfText(first);
    expect(leaCareCents).toBeGreaterThan(0);
    expect(text).toContain('Attestation n° F-2026-000001');
    expect(text).toContain(`Léa Dupré lundi 10 mai 2021 7GA ${(leaCareCents / 100).toFixed(2).replace('.', ',')} €`);
    expect(text).not.toContain('Noah');
    expect(text).toContain(`Total payé pour la garde ${(leaCareCents / 100).toFixed(2).replace('.', ',')} €`);

    for (const token of [parentToken(t, 'fam-a'), adminToken(t), auditorToken(t)]) {
      expect(Buffer.compare((await pdfOf(t, 'fam-a', token).expect(200)).body as Buffer, first)).toBe(0);
    }
    expect((await streamEvents(t, 'numbering-F-2026')).map((event) => (event.data as { number: string }).number)).toEqual(['F-2026-000001']);
  });

  it('keeps its amounts and bytes when the history changes after it was numbered', async () => {
    // A payment of 2026 recorded late (after the certificate): the certificate does not move.
    t.clock.set('2026-12-10T08:00:00.000Z');
    await paidOrder(t, 'fam-a', 'ord-a2', [slot('c-lea', 'accueil-soir', '2026-12-17')]);
    t.clock.set(JANUARY);
    expect(Buffer.compare((await pdfOf(t, 'fam-a', adminToken(t)).expect(200)).body as Buffer, first)).toBe(0);
    // A birth date corrected afterwards (Léa now six on 1 January): what was certified stays.
    await recordBirthDates(t, 'fam-a', { ...BIRTH_DATES, 'c-lea': '2019-05-10' });
    expect(Buffer.compare((await pdfOf(t, 'fam-a', adminToken(t)).expect(200)).body as Buffer, first)).toBe(0);
    await recordBirthDates(t, 'fam-a');
  });

  it('takes the birth date from the agents’ registration (POST /api/admin/families)', async () => {
    t.clock.set('2026-11-26T09:00:00.000Z');
    const child = { childId: 'c-zoe', firstName: 'Zoé', lastName: 'Durand', school: 'École maternelle Les Tilleuls', grade: 'MS', birthDate: '2022-02-02', activityIds: ['mercredi'] };
    await request(t.url)
      .post('/api/admin/families')
      .set('Authorization', `Bearer ${adminToken(t)}`)
      .set('Idempotency-Key', 'register-fam-d')
      .send({ familyId: 'fam-d', name: 'Famille Durand', email: 'durand@example.org', resident: true, quotientFamilial: 650, children: [child] })
      .expect(201);
    await request(t.url)
      .post('/api/admin/families')
      .set('Authorization', `Bearer ${adminToken(t)}`)
      .set('Idempotency-Key', 'register-fam-bad')
      .send({ name: 'Famille X', email: 'x@example.org', resident: true, children: [{ ...child, childId: 'c-x', birthDate: '2022-02-30' }] })
      .expect(400);
    const lines = await paidOrder(t, 'fam-d', 'ord-d1', [slot('c-zoe', 'mercredi', '2026-12-09')]);
    t.clock.set(JANUARY);
    const text = await pdfText((await pdfOf(t, 'fam-d', parentToken(t, 'fam-d')).expect(200)).body as Buffer);
    expect(text).toContain('Attestation n° F-2026-000002');
    expect(text).toContain(`Zoé Durand mercredi 2 février 2022 7GA ${(lines[0].unitPriceCents / 100).toFixed(2).replace('.', ',')} €`);
  });

  it('answers 404 NO_TAX_CERTIFICATE for a year with nothing to certify, numbering nothing', async () => {
    for (const [familyId, year] of [['fam-b', 2026], ['fam-c', 2026], ['fam-a', 2025]] as const) {
      const res = await pdfOf(t, familyId, parentToken(t, familyId), year).expect(404);
      expect(JSON.parse(res.body.toString()).error.code).toBe('NO_TAX_CERTIFICATE');
    }
    expect(await streamEvents(t, 'numbering-F-2026')).toHaveLength(2);
  });

  it('refuses another family, no token, and a bad year', async () => {
    await pdfOf(t, 'fam-a', parentToken(t, 'fam-b')).expect(404);
    await request(t.url).get('/api/families/fam-a/tax-certificate.pdf?year=2026').expect(401);
    await pdfOf(t, 'fam-unknown', adminToken(t)).expect(404);
    for (const year of ['abc', '1999', '2026.5', '']) {
      const res = await pdfOf(t, 'fam-a', adminToken(t), year).expect(400);
      expect(JSON.parse(res.body.toString()).error.code).toBe('VALIDATION_FAILED');
    }
    await getBinary(t, '/api/families/fam-a/tax-certificate.pdf', adminToken(t)).expect(400);
  });

  it('is e-mailed in January to each family with a certificate, once, with the same PDF attached', async () => {
    const mailing = t.app.get(TaxCertificateMailing);
    expect(await mailing.runDue(new Date('2026-12-20T08:00:00.000Z'))).toBe(0); // not January
    expect(await mailing.runDue(t.clock.now())).toBe(2);
    expect(await mailing.runDue(t.clock.now())).toBe(0);
    // Another process (or a restart) finds it in the outbox: still one e-mail.
    const again = new TaxCertificateMailing({ ...(mailing as unknown as { deps: ConstructorParameters<typeof TaxCertificateMailing>[0] }).deps, clock: () => t.clock.now() });
    expect(await again.runDue(t.clock.now())).toBe(0);

    const sent = (await mailServices(t).outbox.list()).filter((mail) => mail.messageId.startsWith('<attestation-fiscale-'));
    expect(sent.map((mail) => mail.messageId).sort()).toEqual([certificateMessageId('fam-a'), certificateMessageId('fam-d')]);
    const claimed = await mailServices(t).outbox.claimDue(t.clock.now(), { claimToken: 'test', leaseMs: 60_000, limit: 100 });
    const message = claimed.find((mail) => mail.messageId === certificateMessageId('fam-a'));
    expect(message).toMatchObject({ to: 'parents.dupre@example.org', subject: 'Votre attestation fiscale de frais de garde 2026' });
    expect(message?.text).toContain(`Léa : ${(leaCareCents / 100).toFixed(2).replace('.', ',')} €`);
    expect(message?.attachments.map((attachment) => attachment.filename)).toEqual(['attestation-fiscale-2026-F-2026-000001.pdf']);
    expect(Buffer.compare(message?.attachments[0].content ?? Buffer.alloc(0), first)).toBe(0);
  });

  it('leaves a history the auditor verifies clean: numbering, birth dates (person events v2), ledger', async () => {
    await ticketProcess(t).settled(); // the payments' tickets, numbered in the background
    const res = await request(t.url).get('/api/audit/verify').set('Authorization', `Bearer ${auditorToken(t)}`).expect(200);
    const failing = (res.body as { checks: { id: string; ok: boolean; violations: unknown[] }[] }).checks.filter((check) => !check.ok);
    expect(failing).toEqual([]);
    expect((res.body as { documentNumbers: Record<string, number> }).documentNumbers).toMatchObject({ 'F-2026': 2 });
  });

  it('erases the e-mail with the family personal data, then no longer regenerates the certificate (R17)', async () => {
    await t.app.get(PersonalDataCopies).erase(await familyState(t, 'fam-a'));
    expect(await mailServices(t).outbox.get(certificateMessageId('fam-a'))).toBeUndefined();
    expect(await mailServices(t).outbox.isErased(certificateMessageId('fam-a'))).toBe(true);

    await request(t.url)
      .post('/api/admin/families/fam-a/erase-personal-data')
      .set('Authorization', `Bearer ${adminToken(t)}`)
      .set('Idempotency-Key', 'erase-fam-a')
      .send({ reason: 'fin de la durée de conservation' })
      .expect(200);
    const res = await pdfOf(t, 'fam-a', adminToken(t)).expect(422);
    expect(JSON.parse(res.body.toString()).error.code).toBe('PERSONAL_DATA_ERASED');
  });
});
