import request from 'supertest';
import { PersonalDataCopies } from '../src/privacy/personal-data-copies';
import { DeadlineReminders } from '../src/reminders/deadline-reminders.job';
import { adminToken, auditorToken, dupreFamily, familyState, mailServices, parentToken, requestOrder, seedFamily, slot, startPaymentsApp } from './support/payments-journey';
import type { TestApp } from './support/test-app';

/** The day before the canteen's deadline for 2026-W51 (Tuesday 8 December 23:59, Paris). */
const DAY_BEFORE = '2026-12-08T12:00:00.000Z';
const reminderId = (familyId: string) => `<rappel-${familyId}-2026-W51-restauration@periscol.local>`;

describe('deadline reminders: the e-mail the day before a weekly deadline, and the family choice', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startPaymentsApp();
    for (const familyId of ['fam-a', 'fam-b', 'fam-c']) await seedFamily(t, dupreFamily(familyId));
    // fam-b has already reserved a day of W51 for each child enrolled in the canteen.
    await requestOrder(t, 'fam-b', 'ord-b', [slot('c-lea', 'restauration', '2026-12-14'), slot('c-noah', 'restauration', '2026-12-17')], 650);
  });

  afterAll(() => t?.close());

  const put = (familyId: string, token: string, body: unknown, key = `key-${Math.random()}`) =>
    request(t.url).put(`/api/families/${familyId}/reminders`).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(body as object);

  it('lets a parent turn them off for their family only, with bad input refused', async () => {
    expect((await request(t.url).get('/api/families/fam-c/reminders').set('Authorization', `Bearer ${parentToken(t, 'fam-c')}`).expect(200)).body).toEqual({
      familyId: 'fam-c',
      deadlineReminders: true,
    });
    expect((await put('fam-c', parentToken(t, 'fam-c'), { deadlineReminders: false }, 'off').expect(200)).body).toEqual({ familyId: 'fam-c', deadlineReminders: false });
    expect((await put('fam-c', parentToken(t, 'fam-c'), { deadlineReminders: false }, 'off').expect(200)).headers['idempotent-replayed']).toBe('true');
    await put('fam-c', parentToken(t, 'fam-a'), { deadlineReminders: true }).expect(404); // another family's: as if it did not exist
    await put('fam-c', auditorToken(t), { deadlineReminders: true }).expect(403);
    expect((await put('fam-c', adminToken(t), { deadlineReminders: 'no' }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await put('fam-c', adminToken(t), { deadlineReminders: true, extra: 1 }).expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await put('fam-unknown', adminToken(t), { deadlineReminders: true }).expect(404)).body.error.code).toBe('NOT_FOUND');
    expect((await request(t.url).get('/api/families/fam-c/reminders').set('Authorization', `Bearer ${adminToken(t)}`).expect(200)).body.deadlineReminders).toBe(false);
  });

  it('e-mails, the day before, each family with nothing reserved for the week and reminders on; once', async () => {
    const reminders = t.app.get(DeadlineReminders);
    expect(await reminders.runDue(t.clock.now())).toBe(0); // 26 November: no weekly deadline tomorrow
    t.clock.set(DAY_BEFORE);
    expect(await reminders.runDue(t.clock.now())).toBe(1);
    expect(await reminders.runDue(t.clock.now())).toBe(0);

    const { outbox } = mailServices(t);
    const sent = (await outbox.list()).filter((mail) => mail.messageId.startsWith('<rappel-'));
    expect(sent.map((mail) => mail.messageId)).toEqual([reminderId('fam-a')]);
    expect(sent[0]).toMatchObject({ to: 'parents.dupre@example.org', subject: 'Rappel : réservez avant mardi 8 décembre à 23:59' });

    // Another process (or a restart) finds it in the outbox: still one e-mail.
    const again = new DeadlineReminders({
      reads: (reminders as unknown as { deps: ConstructorParameters<typeof DeadlineReminders>[0] }).deps.reads,
      catalog: (reminders as unknown as { deps: ConstructorParameters<typeof DeadlineReminders>[0] }).deps.catalog,
      mail: mailServices(t),
      portalUrl: 'http://localhost/',
      clock: () => t.clock.now(),
      logger: (reminders as unknown as { deps: ConstructorParameters<typeof DeadlineReminders>[0] }).deps.logger,
    });
    expect(await again.runDue(t.clock.now())).toBe(0);
  });

  it('erases the reminders with the family personal data (R17)', async () => {
    expect(await mailServices(t).outbox.get(reminderId('fam-a'))).toBeDefined();
    await t.app.get(PersonalDataCopies).erase(await familyState(t, 'fam-a'));
    expect(await mailServices(t).outbox.get(reminderId('fam-a'))).toBeUndefined();
    expect(await mailServices(t).outbox.isErased(reminderId('fam-a'))).toBe(true);
  });
});
