import request from 'supertest';
import { freePort, TestSmtpServer } from '../src/platform/mail/smtp-test-server.fixture';
import { dupreFamily, mailServices, parentToken, requestOrder, seedFamily, slot, startPaymentsApp, W50 } from './support/payments-journey';
import type { TestApp } from './support/test-app';

/** `/api/health` tells when e-mail is failing: the `mail` check, from the shared outbox. */
describe('mail in /api/health', () => {
  let t: TestApp | undefined;
  let smtp: TestSmtpServer | undefined;

  afterEach(async () => {
    await t?.close();
    await smtp?.close();
    t = undefined;
    smtp = undefined;
  });

  /** The Dupré family pays an order on the simulated site: its ticket e-mail waits in the outbox. */
  async function payAnOrder(app: TestApp): Promise<void> {
    await seedFamily(app, dupreFamily());
    await requestOrder(app, 'fam-dupre', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    const token = parentToken(app, 'fam-dupre');
    const { body } = await request(app.url).post('/api/orders/ord-1/checkout').set('Authorization', `Bearer ${token}`).set('Idempotency-Key', 'pay').send({}).expect(200);
    await request(app.url).post(`${new URL(body.checkoutUrl).pathname}/pay`).expect(303);
  }

  async function health(app: TestApp, status: number) {
    const res = await request(app.url).get('/api/health').expect(status);
    expect(JSON.stringify(res.body)).not.toContain('dupre');
    return (res.body as { checks: { name: string; ok: boolean; detail?: string }[] }).checks.find((check) => check.name === 'mail');
  }

  it('turns unavailable once an e-mail has failed three attempts with the server down, and ok again once it is delivered', async () => {
    const port = await freePort(); // nothing listens there yet
    t = await startPaymentsApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    await payAnOrder(t);
    const { dispatcher } = mailServices(t);
    expect(await health(t, 200)).toEqual({ name: 'mail', ok: true, detail: 'no e-mail failing' });

    expect((await dispatcher.dispatchDue(t.clock.now())).retrying).toHaveLength(1);
    expect(await health(t, 200)).toEqual({ name: 'mail', ok: true, detail: '1 e-mail failing, for 0 min, after 1 attempt' });
    for (const seconds of [15, 30]) {
      t.clock.advance({ seconds });
      expect((await dispatcher.dispatchDue(t.clock.now())).retrying).toHaveLength(1);
    }
    expect(await health(t, 503)).toEqual({ name: 'mail', ok: false, detail: '1 e-mail failing, for 0 min, after 3 attempts' });

    smtp = await TestSmtpServer.start(port);
    t.clock.advance({ minutes: 1 });
    expect((await dispatcher.dispatchDue(t.clock.now())).delivered).toEqual(['<R-2026-000001@periscol.local>']);
    expect(await health(t, 200)).toEqual({ name: 'mail', ok: true, detail: 'no e-mail failing' });
    expect(smtp.accepted).toHaveLength(1);
  });

  it('turns unavailable when an e-mail has been failing for more than 15 minutes', async () => {
    const port = await freePort();
    t = await startPaymentsApp({ env: { SMTP_URL: `smtp://127.0.0.1:${port}` } });
    await payAnOrder(t);
    await mailServices(t).dispatcher.dispatchDue(t.clock.now());
    t.clock.advance({ minutes: 15 });
    expect((await health(t, 200))?.ok).toBe(true);
    t.clock.advance({ minutes: 1 });
    expect(await health(t, 503)).toEqual({ name: 'mail', ok: false, detail: '1 e-mail failing, for 16 min, after 1 attempt' });
  });
});
