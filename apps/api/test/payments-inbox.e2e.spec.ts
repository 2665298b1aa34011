/**
 * Money a provider took always reaches the ledger (R7): every verified notification is recorded
 * in the payment inbox (operations database) before anything else, processed at once when it
 * can be, and otherwise by the inbox processor until it is; `verify` and `/api/health` report
 * a provider payment the ledger lacks. Real SQLite files, the simulated site's signed
 * notifications, a manual clock and a manual timer (no sleeping).
 */
import * as path from 'node:path';
import type { AuditReport } from '@periscol/audit';
import { cli } from '@periscol/audit/testing';
import { SQLITE_EVENTS_FILE } from '@periscol/event-store';
import type Database from 'better-sqlite3';
import request from 'supertest';
import { PaymentInbox } from '../src/payments/inbox/payment-inbox';
import { PaymentInboxProcessor } from '../src/payments/inbox/payment-inbox.processor';
import { SqliteSimulatedSessionStore } from '../src/payments/providers/sqlite-simulated-session-store.adapter';
import { OPERATIONS_DB } from '../src/platform/operations/operations-database';
import {
  auditorToken,
  dupreFamily,
  eventsOfType,
  familyState,
  ManualScheduler,
  parentToken,
  requestOrder,
  seedFamily,
  slot,
  startPaymentsApp,
  ticketProcess,
  W50,
} from './support/payments-journey';
import type { TestApp } from './support/test-app';

const FAMILIES = ['fam-a', 'fam-b'];
const PARENTS_PER_FAMILY = 10;
/** Open canteen days of weeks 50 and 51 seen from the test clock: one slot per parent (two children). */
const DAYS = ['2026-12-07', '2026-12-08', '2026-12-10', '2026-12-11', '2026-12-14', '2026-12-15', '2026-12-17', '2026-12-18'];

interface InboxRow {
  provider_payment_id: string | null;
  processed_at: number | null;
  attempts: number;
  last_error: string | null;
  outcome: string | null;
}

describe('payments: money taken always reaches the ledger', () => {
  let t: TestApp;
  let scheduler: ManualScheduler;

  beforeEach(async () => {
    scheduler = new ManualScheduler();
    t = await startPaymentsApp({ overrides: { paymentInboxScheduler: scheduler } });
    for (const familyId of FAMILIES) await seedFamily(t, dupreFamily(familyId));
  });

  afterEach(async () => {
    jest.restoreAllMocks();
    await t.close();
  });

  const db = () => t.app.get<Database.Database>(OPERATIONS_DB);
  const processor = () => t.app.get(PaymentInboxProcessor);
  const inboxRows = () => db().prepare('SELECT provider_payment_id, processed_at, attempts, last_error, outcome FROM payment_inbox ORDER BY id').all() as InboxRow[];
  const unprocessed = () => inboxRows().filter((row) => row.processed_at === null);

  /** One parent: reserve one slot → checkout → « Payer » on the simulated site; the site's answer. */
  async function parentPays(familyId: string, n: number): Promise<number> {
    const token = parentToken(t, familyId);
    const order = await request(t.url)
      .post(`/api/families/${familyId}/reservations`)
      .set('Authorization', `Bearer ${token}`)
      .set('Idempotency-Key', `reserve-${familyId}-${n}`)
      .send({ slots: [slot(n % 2 === 0 ? 'c-lea' : 'c-noah', 'restauration', DAYS[Math.floor(n / 2)])] })
      .expect(201);
    const page = await checkoutPage(familyId, order.body.orderId, `checkout-${familyId}-${n}`);
    return (await request(t.url).post(`${page}/pay`)).status;
  }

  async function checkoutPage(familyId: string, orderId: string, key: string): Promise<string> {
    const started = await request(t.url)
      .post(`/api/orders/${orderId}/checkout`)
      .set('Authorization', `Bearer ${parentToken(t, familyId)}`)
      .set('Idempotency-Key', key)
      .send({})
      .expect(200);
    return (started.body.checkoutUrl as string).slice(t.config.publicUrl.length);
  }

  function paidSessions() {
    return db().prepare("SELECT family_id, order_id, provider_payment_id FROM simulated_checkout_session WHERE status = 'paid'").all() as {
      family_id: string;
      order_id: string;
      provider_payment_id: string;
    }[];
  }

  async function confirmedReferences(): Promise<string[]> {
    const events = (await Promise.all(FAMILIES.map((familyId) => eventsOfType(t, `family-${familyId}`, 'PaymentConfirmed')))).flat();
    return events.map((event) => (event.data as { providerReference: string }).providerReference).sort();
  }

  /** Lets the processor's timer fire as the clock moves on, until the inbox is done. */
  async function processUntilDone(): Promise<number> {
    let rounds = 0;
    while (unprocessed().length > 0 && rounds < 20) {
      rounds++;
      const delay = Math.max(...scheduler.delays(), 0);
      t.clock.advance(delay);
      scheduler.fireDue(delay);
      await processor().settled();
    }
    return rounds;
  }

  async function health() {
    const res = await request(t.url).get('/api/health');
    return { status: res.status, payments: (res.body.checks as { name: string; ok: boolean; detail?: string }[]).find((check) => check.name === 'payments') };
  }

  async function verifyBoth(): Promise<{ http: AuditReport; cli: AuditReport }> {
    const http = (await request(t.url).get('/api/audit/verify').set('Authorization', `Bearer ${auditorToken(t)}`).expect(200)).body as AuditReport;
    const run = await cli(['verify', '--json', '--quiet', '--no-projections', '--db', path.join(t.dataDir, SQLITE_EVENTS_FILE)], { cwd: t.dataDir, env: {} });
    return { http, cli: run.json<AuditReport>() };
  }

  const paymentsCheck = (report: AuditReport) => report.checks.find((check) => check.id === 'payments');

  it('parents of two families paying at once: every paid session ends confirmed in its family', async () => {
    const statuses = await Promise.all(FAMILIES.flatMap((familyId) => Array.from({ length: PARENTS_PER_FAMILY }, (_, n) => parentPays(familyId, n))));

    // Every parent is sent back to the portal: the money is on record even when the ledger was busy.
    expect(statuses.filter((status) => status !== 303)).toEqual([]);
    const paid = paidSessions();
    expect(paid).toHaveLength(FAMILIES.length * PARENTS_PER_FAMILY);
    expect(inboxRows().map((row) => row.provider_payment_id).sort()).toEqual(paid.map((session) => session.provider_payment_id).sort());

    await processUntilDone();

    expect(unprocessed()).toEqual([]);
    expect(await confirmedReferences()).toEqual(paid.map((session) => session.provider_payment_id).sort());
    for (const session of paid) {
      const state = await familyState(t, session.family_id);
      expect(state.orders.get(session.order_id)?.status).toBe('confirmed');
    }
    await ticketProcess(t).settled({ timeoutMs: 10_000 });
    const { http } = await verifyBoth();
    expect(paymentsCheck(http)).toMatchObject({ ok: true, detail: '20 payments received by the providers, each in the ledger' });
    expect((await health()).payments).toEqual({ name: 'payments', ok: true, detail: 'every payment received is recorded' });
  });

  it('keeps a notification it could not process in the inbox and processes it later, with backoff', async () => {
    await requestOrder(t, 'fam-a', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    const page = await checkoutPage('fam-a', 'ord-1', 'click-1');
    // The store refuses the next two appends (a disk full, a lock): the first attempt and the first retry fail.
    const append = t.store.appendToStream.bind(t.store);
    let failures = 2;
    jest.spyOn(t.store, 'appendToStream').mockImplementation((...args) => (failures-- > 0 ? Promise.reject(new Error('disk I/O error')) : append(...args)));

    await request(t.url).post(`${page}/pay`).expect(303);

    expect(inboxRows()).toEqual([expect.objectContaining({ processed_at: null, attempts: 1, last_error: 'Error: disk I/O error' })]);
    expect(await eventsOfType(t, 'family-fam-a', 'PaymentConfirmed')).toHaveLength(0);
    expect(scheduler.delays()).toContain(1000);

    t.clock.advance(1000);
    scheduler.fireDue(1000);
    await processor().settled();
    expect(inboxRows()).toEqual([expect.objectContaining({ processed_at: null, attempts: 2 })]);
    expect(scheduler.delays()).toEqual([2000]);

    t.clock.advance(2000);
    scheduler.fireDue(2000);
    await processor().settled();
    expect(inboxRows()).toEqual([expect.objectContaining({ attempts: 3, last_error: null, outcome: 'order_confirmed' })]);
    const state = await familyState(t, 'fam-a');
    expect(state.orders.get('ord-1')?.status).toBe('confirmed');
    expect(state.payments.values()).toEqual([expect.objectContaining({ orderId: 'ord-1', status: 'confirmed', ticketNumber: 'R-2026-000001' })]);
  });

  it('reports a payment the ledger lacks in verify and /api/health, until the inbox has recorded it', async () => {
    await requestOrder(t, 'fam-a', 'ord-1', [slot('c-lea', 'restauration', W50.monday)], 650);
    await requestOrder(t, 'fam-b', 'ord-2', [slot('c-noah', 'restauration', W50.tuesday)], 650);
    // A notification recorded whose processing never ran (the process died right after)…
    t.app.get(PaymentInbox).record(
      'simulated',
      {
        kind: 'paid',
        provider: 'simulated',
        eventId: 'evt_sim_lost_paid',
        sessionId: 'sim_cs_lost',
        orderId: 'ord-1',
        paymentId: 'pay-lost',
        familyId: 'fam-a',
        providerPaymentId: 'sim_pi_lost',
        amountCents: 210,
        currency: 'eur',
        paidAt: t.clock.now(),
      },
      t.clock.now(),
      { owner: 'api-that-died', leaseMs: 2 * 60_000 },
    );
    // …and a session the site marked paid whose notification never left it.
    const page = await checkoutPage('fam-b', 'ord-2', 'click-2');
    const sessions = new SqliteSimulatedSessionStore(db());
    const paidSession = sessions.markPaid(page.slice('/pay/'.length), t.clock.now(), 'sim_pi_never_notified');
    expect(paidSession?.status).toBe('paid');

    // Recent: being recorded, not yet a failure.
    expect(await health()).toEqual({ status: 200, payments: { name: 'payments', ok: true, detail: '2 payment(s) received being recorded' } });
    let { http, cli: audit } = await verifyBoth();
    expect(paymentsCheck(audit)).toEqual(paymentsCheck(http));
    expect(paymentsCheck(http)?.ok).toBe(false);
    expect(paymentsCheck(http)?.violations).toEqual([
      expect.objectContaining({ code: 'PAYMENT_NOT_RECORDED', familyId: 'fam-a', message: expect.stringContaining('sim_pi_lost') }),
      expect.objectContaining({ code: 'PAYMENT_NOT_RECORDED', familyId: 'fam-b', message: expect.stringContaining('sim_pi_never_notified') }),
    ]);

    t.clock.advance({ minutes: 11 });
    const late = await health();
    expect(late.status).toBe(503);
    expect(late.payments).toMatchObject({ ok: false, detail: expect.stringMatching(/^2 payment\(s\) received but not recorded after 10 min; oldest: simulated sim_pi_lost/) });

    // The processor takes the dead process's row once its lease is over, and has the site notify the lost session again.
    scheduler.fireDue(60_000);
    await processor().settled();
    expect(unprocessed()).toEqual([]);
    expect(inboxRows().map((row) => [row.provider_payment_id, row.outcome])).toEqual([
      ['sim_pi_lost', 'order_confirmed'],
      ['sim_pi_never_notified', 'order_confirmed'],
    ]);
    expect((await health()).payments).toMatchObject({ ok: true });
    ({ http, cli: audit } = await verifyBoth());
    expect(paymentsCheck(http)).toMatchObject({ ok: true, violations: [] });
    expect(paymentsCheck(audit)).toEqual(paymentsCheck(http));
  });
});
