import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { describeWithPostgres } from '@periscol/event-store/testing';
import request from 'supertest';
import { PayfipSimulator } from '../../src/payments/providers/payfip/simulator/payfip-simulator';
import { createTestPostgresDatabase, type TestPostgresDatabase } from '../support/postgres-database';
import { TEST_START } from '../support/test-app';
import { eventually, Host, START_TIMEOUT_MS, STOP_GRACE_MS } from './api-host';

/**
 * PayFiP with a PostgreSQL store and two hosts behind one address: the idOp PayFiP gave to the
 * host that opened the payment must be known to the other one, since PayFiP's notification and
 * the family's return may reach either. Host A opens two payments; the family pays both on
 * PayFiP's page (the simulator, its notifications lost). The first payment's notification reaches
 * host B, which records it. Host A then dies; the family's return from the second payment reaches
 * host B, which asks PayFiP and records it. With each host's transactions in its own file, host B
 * answers the notification 400 (« not a payment of ours ») and the return leaves the order
 * unpaid: money taken, never recorded.
 */
const SETTLE_TIMEOUT_MS = 30_000;
const NUMCLI = '123456';
/** Canteen days of the demo catalog open at TEST_START. */
const DAYS = ['2026-12-14', '2026-12-15'] as const;
const FAMILY = { familyId: 'famille-martin', childId: 'lea-martin' } as const;

describeWithPostgres('PayFiP’s transactions known to every host over PostgreSQL', () => {
  let database: TestPostgresDatabase | undefined;
  let simulator: PayfipSimulator | undefined;
  const dirs: string[] = [];
  const hosts: Host[] = [];
  const offset = Date.parse(TEST_START) - Date.now();

  const newHost = (name: string): Host => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), `periscol-${name}-`));
    dirs.push(dir);
    const host = new Host(hosts.length, name, dir, offset);
    hosts.push(host);
    return host;
  };

  const hostEnv = () => ({
    PERISCOL_DEMO: '1',
    PERISCOL_POSTGRES_URL: (database as TestPostgresDatabase).url,
    PERISCOL_PAYMENTS: 'payfip',
    PAYFIP_NUMCLI: NUMCLI,
    PAYFIP_SAISIE: 'T',
    PAYFIP_SERVICE_URL: (simulator as PayfipSimulator).serviceUrl,
    PAYFIP_PAYMENT_PAGE_URL: (simulator as PayfipSimulator).paymentPageUrl,
  });

  beforeAll(async () => {
    database = await createTestPostgresDatabase('periscol_payfip_hosts');
    // PayFiP's clock is the hosts' (shifted to TEST_START); its notifications are lost.
    simulator = await new PayfipSimulator({ clock: () => new Date(Date.now() + offset), numcli: NUMCLI }).start();
    simulator.notificationMode = 'drop';
  });

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.stop()));
    await simulator?.close();
    await database?.drop();
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }, 3 * STOP_GRACE_MS + 10_000);

  /** A reservation and its checkout on `host`: the order, the payment and PayFiP's idOp. */
  async function openPayment(host: Host, token: string, date: string): Promise<{ orderId: string; paymentId: string; idOp: string }> {
    const url = host.url as string;
    const order = await request(url)
      .post(`/api/families/${FAMILY.familyId}/reservations`)
      .auth(token, { type: 'bearer' })
      .set('Idempotency-Key', `reserve-${date}`)
      .send({ slots: [{ childId: FAMILY.childId, activityId: 'restauration', date }] });
    expect([order.status, order.body.error]).toEqual([201, undefined]);
    const checkout = await request(url).post(`/api/orders/${order.body.orderId}/checkout`).auth(token, { type: 'bearer' }).set('Idempotency-Key', `pay-${order.body.orderId}`).send({});
    expect([checkout.status, checkout.body.error]).toEqual([200, undefined]);
    const page = new URL(checkout.body.checkoutUrl as string);
    const idOp = page.searchParams.get('idop') as string;
    const redirect = new URL((simulator as PayfipSimulator).operation(idOp)?.urlredirect as string);
    const [, paymentId] = decodeURIComponent(redirect.pathname).split('/').slice(-2);
    // The family pays on PayFiP's page (« Payer », card).
    await request(page.origin).post(page.pathname).type('form').send({ idop: idOp, resultrans: 'P' }).expect(303);
    return { orderId: order.body.orderId as string, paymentId, idOp };
  }

  const orderStatus = async (host: Host, token: string, orderId: string) =>
    (await request(host.url as string).get(`/api/orders/${orderId}`).auth(token, { type: 'bearer' })).body.status as string | undefined;

  test('a notification or a return reaching another host than the one that opened the payment is recorded, even once that host is gone', async () => {
    const a = newHost('host-a');
    const b = newHost('host-b');
    await Promise.all([a.start(hostEnv()), b.start(hostEnv())]);
    const token = (await request(a.url as string).post('/api/auth/demo-token').send({ role: 'parent', familyId: FAMILY.familyId }).expect(200)).body.token as string;

    const first = await openPayment(a, token, DAYS[0]);
    const notified = await request(b.url as string).post('/api/payments/payfip/webhook').type('form').send({ idop: first.idOp });
    expect([notified.status, notified.body.error?.code]).toEqual([200, undefined]);
    await eventually(async () => ((await orderStatus(a, token, first.orderId)) === 'confirmed' ? true : undefined), 'the first order confirmed', SETTLE_TIMEOUT_MS);

    const second = await openPayment(a, token, DAYS[1]);
    await a.kill();
    const back = await request(b.url as string).get(`/api/payments/payfip/return/${second.orderId}/${second.paymentId}`).redirects(0);
    expect(back.status).toBe(303);
    expect(back.headers.location).toMatch(/paiement=ok$/);
    await eventually(async () => ((await orderStatus(b, token, second.orderId)) === 'confirmed' ? true : undefined), 'the second order confirmed by host B', SETTLE_TIMEOUT_MS);

    const payments = (await request(b.url as string).get(`/api/families/${FAMILY.familyId}/payments`).auth(token, { type: 'bearer' }).expect(200)).body as { orderId: string }[];
    expect(payments.map((p) => p.orderId).sort()).toEqual([first.orderId, second.orderId].sort());
  }, 2 * START_TIMEOUT_MS + 3 * SETTLE_TIMEOUT_MS);
});
