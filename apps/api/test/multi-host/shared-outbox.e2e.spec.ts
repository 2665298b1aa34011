import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithPostgres } from '@periscol/event-store/testing';
import { Client } from 'pg';
import request from 'supertest';
import { TestSmtpServer } from '../../src/platform/mail/smtp-test-server.fixture';
import { createTestPostgresDatabase, type TestPostgresDatabase } from '../support/postgres-database';
import { TEST_START } from '../support/test-app';
import { eventually, Host, START_TIMEOUT_MS, STOP_GRACE_MS, withTimeout } from './api-host';

/**
 * With a PostgreSQL store every host shares one e-mail outbox (schema `periscol_operations`). A
 * host dies (SIGKILL) right after e-mailing one ticket and in the middle of sending another (the
 * SMTP server has the message and never answers). A new host, on another data folder, takes the
 * ticket lease and handles the dead holder's events again: the ticket already sent is not sent
 * twice (the outbox knows its Message-ID, whichever host sent it), and the one left half-sent goes
 * out once its claim has ended. With one outbox per host the new host would e-mail the first
 * ticket a second time.
 *
 * The dead host's lease (5 min) and claim (1 min) must have ended when the new host starts: its
 * clock is ahead by more than that, as if the replacement had taken that long.
 */
const SETTLE_TIMEOUT_MS = 30_000;
const LEASE_SKIP_MS = 5 * 60_000 + 30_000;
/** Canteen days of the demo catalog open at TEST_START. */
const DAYS = ['2026-12-14', '2026-12-15'] as const;
const FAMILY = { familyId: 'famille-martin', childId: 'lea-martin' } as const;

describeWithPostgres('the e-mail outbox every host shares over PostgreSQL', () => {
  let database: TestPostgresDatabase | undefined;
  let smtp: TestSmtpServer | undefined;
  const dirs: string[] = [];
  const hosts: Host[] = [];

  const newHost = (name: string, offsetMs: number): Host => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `periscol-${name}-`));
    dirs.push(dir);
    const host = new Host(hosts.length, name, dir, offsetMs);
    hosts.push(host);
    return host;
  };

  const hostEnv = () => ({ PERISCOL_DEMO: '1', PERISCOL_POSTGRES_URL: (database as TestPostgresDatabase).url, SMTP_URL: (smtp as TestSmtpServer).url });

  beforeAll(async () => {
    database = await createTestPostgresDatabase('periscol_outbox_hosts');
    smtp = await TestSmtpServer.start();
  });

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.stop()));
    await smtp?.close();
    await database?.drop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }, 4 * STOP_GRACE_MS + 10_000);

  async function reserveAndPay(host: Host, token: string, date: string): Promise<void> {
    const url = host.url as string;
    const order = await request(url)
      .post(`/api/families/${FAMILY.familyId}/reservations`)
      .auth(token, { type: 'bearer' })
      .set('Idempotency-Key', `reserve-${date}`)
      .send({ slots: [{ childId: FAMILY.childId, activityId: 'restauration', date }] });
    expect([order.status, order.body.error]).toEqual([201, undefined]);
    const checkout = await request(url)
      .post(`/api/orders/${order.body.orderId}/checkout`)
      .auth(token, { type: 'bearer' })
      .set('Idempotency-Key', `pay-${order.body.orderId}`)
      .send({})
      .expect(200);
    await request(url).post(`${new URL(checkout.body.checkoutUrl).pathname}/pay`).type('form').send('').expect(303);
  }

  const receivedMessageIds = async () => (await (smtp as TestSmtpServer).parsed()).map((mail) => mail.messageId);

  async function outboxRows(): Promise<{ message_id: string; status: string; attempts: number }[]> {
    const client = new Client({ connectionString: (database as TestPostgresDatabase).url });
    await client.connect();
    try {
      return (await client.query('SELECT message_id, status, attempts FROM periscol_operations.mail_outbox ORDER BY message_id')).rows;
    } finally {
      await client.end();
    }
  }

  test('a host taking over a dead one sends what it left half-sent, and nothing it had sent', async () => {
    const offset = Date.parse(TEST_START) - Date.now();
    const first = newHost('host-a', offset);
    await first.start(hostEnv());
    const token = (await request(first.url as string).post('/api/auth/demo-token').send({ role: 'parent', familyId: FAMILY.familyId }).expect(200)).body.token as string;

    await reserveAndPay(first, token, DAYS[0]);
    await eventually(async () => ((await receivedMessageIds()).length === 1 ? true : undefined), 'the first ticket e-mailed', SETTLE_TIMEOUT_MS);

    const stalled = (smtp as TestSmtpServer).stallNext();
    await reserveAndPay(first, token, DAYS[1]);
    await withTimeout(stalled, SETTLE_TIMEOUT_MS, 'the second ticket e-mail to reach the SMTP server');
    await first.kill();
    expect(await outboxRows()).toEqual([
      { message_id: '<R-2026-000001@periscol.local>', status: 'delivered', attempts: 1 },
      { message_id: '<R-2026-000002@periscol.local>', status: 'sending', attempts: 1 },
    ]);

    const replacement = newHost('host-b', offset + LEASE_SKIP_MS);
    await replacement.start(hostEnv());
    const health = async () => (await request(replacement.url as string).get('/api/health')).body.checks.find((check: { name: string }) => check.name === 'tickets')?.detail as string;
    await eventually(
      async () => {
        const tickets = /^holds the ticket lease; handled up to (\d+) of (\d+)/.exec(await health());
        const rows = await outboxRows();
        return tickets && tickets[1] === tickets[2] && rows.every((row) => row.status === 'delivered') ? true : undefined;
      },
      'the new host to hold the lease, handle every event and send what was left',
      SETTLE_TIMEOUT_MS,
    );

    expect((await receivedMessageIds()).sort()).toEqual(['<R-2026-000001@periscol.local>', '<R-2026-000002@periscol.local>']);
    expect(await outboxRows()).toEqual([
      { message_id: '<R-2026-000001@periscol.local>', status: 'delivered', attempts: 1 },
      { message_id: '<R-2026-000002@periscol.local>', status: 'delivered', attempts: 2 },
    ]);
  }, 2 * START_TIMEOUT_MS + 3 * SETTLE_TIMEOUT_MS);
});
