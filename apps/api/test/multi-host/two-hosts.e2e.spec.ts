import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithPostgres } from '@periscol/event-store/testing';
import request from 'supertest';
import { createTestPostgresDatabase, type TestPostgresDatabase } from '../support/postgres-database';
import { TEST_START } from '../support/test-app';
import { eventually, Host, START_TIMEOUT_MS, STOP_GRACE_MS } from './api-host';

/**
 * Two API processes as two hosts over one PostgreSQL database, each with its own data folder
 * (read models, operations database) and one e-mail outbox in the database: the ticket process
 * runs on the holder of the lease `lease-tickets` only, every ticket is numbered once and e-mailed
 * once across hosts, by whichever host's dispatcher claims it.
 *
 * The hosts run in the root network namespace on two ports: the PostgreSQL server here listens
 * on 127.0.0.1 only (`SHOW listen_addresses`), which a process in another namespace cannot
 * reach, and the test does not reconfigure it. What separates the hosts is what matters to the
 * lease: separate processes, separate data folders, one store.
 */
const SETTLE_TIMEOUT_MS = 30_000;
/** The canteen days of week 2026-W51 in the demo catalog (none on Wednesday). */
const W51 = { week: '2026-W51', days: ['2026-12-14', '2026-12-15', '2026-12-17', '2026-12-18'] } as const;
const FAMILIES = [
  { familyId: 'famille-martin', children: ['lea-martin', 'hugo-martin'] },
  { familyId: 'famille-bernard', children: ['ines-bernard', 'nathan-bernard'] },
] as const;

function emlFiles(host: Host): string[] {
  const dir = path.join(host.dataDir, 'outbox');
  return fs.existsSync(dir) ? fs.readdirSync(dir).filter((file) => file.endsWith('.eml')) : [];
}

describeWithPostgres('two API hosts over one PostgreSQL store', () => {
  let database: TestPostgresDatabase | undefined;
  const dirs: string[] = [];
  let a: Host;
  let b: Host;
  const tokens = new Map<string, string>();

  beforeAll(async () => {
    database = await createTestPostgresDatabase('periscol_multihost');
    const offset = Date.parse(TEST_START) - Date.now();
    const dataDir = (name: string) => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), `periscol-${name}-`));
      dirs.push(dir);
      return dir;
    };
    // One after the other: the schema is created by the first; the first to look takes the lease.
    a = new Host(0, 'host-a', dataDir('host-a'), offset);
    b = new Host(1, 'host-b', dataDir('host-b'), offset);
    await a.start({ PERISCOL_DEMO: '1', PERISCOL_POSTGRES_URL: database.url });
    await b.start({ PERISCOL_DEMO: '1', PERISCOL_POSTGRES_URL: database.url });
    for (const { familyId } of FAMILIES) {
      const issued = await request(a.url as string).post('/api/auth/demo-token').send({ role: 'parent', familyId }).expect(200);
      tokens.set(familyId, issued.body.token);
    }
  }, 2 * START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await Promise.all([a, b].filter(Boolean).map((host) => host.stop()));
    await database?.drop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }, 3 * STOP_GRACE_MS);

  const tokenOf = (familyId: string): string => {
    const token = tokens.get(familyId);
    if (token === undefined) throw new Error(`no token for ${familyId}`);
    return token;
  };

  const reserve = (host: Host, familyId: string, slots: { childId: string; activityId: string; date: string }[]) =>
    request(host.url as string).post(`/api/families/${familyId}/reservations`).auth(tokenOf(familyId), { type: 'bearer' }).set('Idempotency-Key', `key-${randomBytes(6).toString('hex')}`).send({ slots });

  /** Reserve, check out and pay with the simulated site, all on `host` (its payment sessions are its own). */
  async function reserveAndPay(host: Host, familyId: string, childId: string, date: string): Promise<string> {
    const order = await reserve(host, familyId, [{ childId, activityId: 'restauration', date }]);
    expect([order.status, order.body.error]).toEqual([201, undefined]);
    const checkout = await request(host.url as string)
      .post(`/api/orders/${order.body.orderId}/checkout`)
      .auth(tokenOf(familyId), { type: 'bearer' })
      .set('Idempotency-Key', `pay-${order.body.orderId}`)
      .send({})
      .expect(200);
    const page = new URL(checkout.body.checkoutUrl).pathname;
    await request(host.url as string).post(`${page}/pay`).type('form').send('').expect(303);
    return order.body.orderId as string;
  }

  async function health(host: Host): Promise<{ checks: { name: string; ok: boolean; detail?: string }[] }> {
    return (await request(host.url as string).get('/api/health')).body;
  }

  const ticketsDetail = async (host: Host) => (await health(host)).checks.find((check) => check.name === 'tickets')?.detail ?? '';

  test('exactly one host holds the ticket lease, and its health says so', async () => {
    const details = await Promise.all([a, b].map(ticketsDetail));
    expect(details.filter((detail) => detail.startsWith('holds the ticket lease'))).toHaveLength(1);
    expect(details.filter((detail) => detail.startsWith('ticket lease held by '))).toHaveLength(1);
  });

  test('payments on both hosts: each has exactly one ticket number, and each ticket is e-mailed exactly once across the hosts', async () => {
    const orders: string[] = [];
    for (const [f, { familyId, children }] of FAMILIES.entries()) {
      for (const [d, date] of W51.days.slice(0, 3).entries()) {
        const host = (f + d) % 2 === 0 ? a : b;
        orders.push(await reserveAndPay(host, familyId, children[0], date));
      }
    }

    const payments = (
      await Promise.all(
        FAMILIES.map(async ({ familyId }) => (await request(b.url as string).get(`/api/families/${familyId}/payments`).auth(tokenOf(familyId), { type: 'bearer' }).expect(200)).body as { orderId: string; ticketNumber?: string }[]),
      )
    ).flat();
    expect(payments.map((payment) => payment.orderId).sort()).toEqual([...orders].sort());
    const ticketNumbers = payments.map((payment) => payment.ticketNumber);
    expect(ticketNumbers.every((number) => typeof number === 'string')).toBe(true);
    expect(new Set(ticketNumbers).size).toBe(orders.length);

    const holder = (await ticketsDetail(a)).startsWith('holds') ? a : b;
    const standby = holder === a ? b : a;
    // The holder's ticket process has handled everything in the store, and its outbox has sent every e-mail.
    await eventually(
      async () => {
        const detail = await ticketsDetail(holder);
        const match = /handled up to (\d+) of (\d+)/.exec(detail);
        return match && match[1] === match[2] && emlFiles(holder).length + emlFiles(standby).length >= orders.length ? true : undefined;
      },
      'the lease holder to handle every event, and the hosts to write every e-mail',
      SETTLE_TIMEOUT_MS,
    );

    // Each e-mail written once, on one host or the other.
    const sent = [...emlFiles(holder), ...emlFiles(standby)].sort();
    expect(sent).toEqual(ticketNumbers.map((number) => `${number}@periscol.local.eml`).sort());
  });

  test("a reservation made on host A is in host B's planning", async () => {
    const { familyId, children } = FAMILIES[0];
    const order = await reserve(a, familyId, [{ childId: children[1], activityId: 'restauration', date: W51.days[3] }]).expect(201);
    const planning = await request(b.url as string).get(`/api/families/${familyId}/planning`).query({ week: W51.week }).auth(tokenOf(familyId), { type: 'bearer' }).expect(200);
    const child = (planning.body.children as { childId: string; days: { date: string; slots: { activityId: string; orderId?: string }[] }[] }[]).find((c) => c.childId === children[1]);
    const reserved = child?.days.find((day) => day.date === W51.days[3])?.slots.find((s) => s.activityId === 'restauration');
    expect(reserved).toMatchObject({ orderId: order.body.orderId });
  });

  test('two requests for the same slot at once, one per host: exactly one wins, the other is SLOT_TAKEN', async () => {
    const { familyId, children } = FAMILIES[1];
    const slot = { childId: children[1], activityId: 'restauration', date: W51.days[2] };
    const answers = await Promise.all([reserve(a, familyId, [slot]), reserve(b, familyId, [slot])]);
    const outcomes = answers.map((answer) => (answer.status === 201 ? '201' : `${answer.status} ${answer.body.error?.code}`)).sort();
    expect(outcomes).toEqual(['201', '409 SLOT_TAKEN']);
  });
});
