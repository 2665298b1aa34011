import request from 'supertest';
import { TestSmtpServer } from '../src/platform/mail/smtp-test-server.fixture';
import { adminToken, auditorToken, dupreFamily, mailServices, parentToken, requestOrder, seedFamily, slot, startPaymentsApp, W50 } from './support/payments-journey';
import type { TestApp } from './support/test-app';

const TICKET = '<R-2026-000001@periscol.local>';
const requeuePath = `/api/admin/mail/${encodeURIComponent(TICKET)}/requeue`;

describe('the e-mail outbox for the town staff: GET /api/admin/mail, POST /api/admin/mail/:messageId/requeue', () => {
  let t: TestApp;
  let smtp: TestSmtpServer;

  beforeAll(async () => {
    smtp = await TestSmtpServer.start();
    // The first attempt is refused for the recipient (a mistyped address): the message is kept as rejected.
    smtp.verdicts = [{ at: 'rcpt', code: 550, message: 'No such user here' }];
    t = await startPaymentsApp({ env: { SMTP_URL: smtp.url } });
    await seedFamily(t, dupreFamily());
    await requestOrder(t, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    const token = parentToken(t, 'fam-dupre');
    const { body } = await request(t.url).post('/api/orders/ord-1/checkout').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'pay').send({}).expect(200);
    await request(t.url).post(`${new URL(body.checkoutUrl).pathname}/pay`).expect(303);
    expect((await mailServices(t).dispatcher.dispatchDue(t.clock.now())).rejected).toHaveLength(1);
  });

  afterAll(async () => {
    await t?.close();
    await smtp?.close();
  });

  const as = (token: string) => ({
    get: (path: string) => request(t.url).get(path).set('Authorization', `Bearer ${token}`),
    post: (path: string, key = `key-${Math.random()}`) => request(t.url).post(path).set('Authorization', `Bearer ${token}`).set('Idempotency-Key', key).send(),
  });

  it('lists what the mail server refused, with its error, to the admin and the auditor', async () => {
    for (const token of [adminToken(t), auditorToken(t)]) {
      const { body } = await as(token).get('/api/admin/mail?status=rejected').expect(200);
      expect(body.counts).toEqual({ pending: 0, sending: 0, delivered: 0, rejected: 1 });
      expect(body.messages).toEqual([
        expect.objectContaining({ messageId: TICKET, to: 'parents.dupre@example.org', status: 'rejected', attempts: 1, lastError: expect.stringContaining('550') }),
      ]);
    }
    expect((await as(adminToken(t)).get('/api/admin/mail?status=delivered').expect(200)).body.messages).toEqual([]);
  });

  it('refuses parents, the auditor a requeue, and bad input, changing nothing', async () => {
    await as(parentToken(t, 'fam-dupre')).get('/api/admin/mail').expect(403);
    await as(auditorToken(t)).post(requeuePath).expect(403);
    expect((await as(adminToken(t)).get('/api/admin/mail?status=lost').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await as(adminToken(t)).get('/api/admin/mail?limit=0').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
    expect((await as(adminToken(t)).post(`/api/admin/mail/${encodeURIComponent('<nothing@periscol.local>')}/requeue`).expect(404)).body.error.code).toBe('NOT_FOUND');
    expect((await request(t.url).post(requeuePath).set('Authorization', `Bearer ${adminToken(t)}`).send().expect(400)).body.error.code).toBe('IDEMPOTENCY_KEY_REQUIRED');
    expect((await mailServices(t).outbox.get(TICKET))?.status).toBe('rejected');
  });

  it('sends a refused message again once the admin requeues it; a second requeue changes nothing', async () => {
    const requeued = (await as(adminToken(t)).post(requeuePath, 'requeue-1').expect(200)).body;
    expect(requeued).toMatchObject({ messageId: TICKET, status: 'pending', attempts: 0 });
    expect((await mailServices(t).dispatcher.dispatchDue(t.clock.now())).delivered).toEqual([TICKET]);
    expect(smtp.accepted).toHaveLength(1);

    const again = (await as(adminToken(t)).post(requeuePath, 'requeue-2').expect(200)).body;
    expect(again).toMatchObject({ status: 'delivered', attempts: 1 });
    expect((await mailServices(t).dispatcher.dispatchDue(t.clock.now())).delivered).toEqual([]);
    expect(smtp.accepted).toHaveLength(1);
  });
});
