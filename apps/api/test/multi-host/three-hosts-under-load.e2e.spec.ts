import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { cli } from '@periscol/audit/testing';
import type { StoredEvent } from '@periscol/event-store';
import { PostgresEventStore } from '@periscol/event-store/postgres';
import { describeWithPostgres } from '@periscol/event-store/testing';
import { TestSmtpServer } from '../../src/platform/mail/smtp-test-server.fixture';
import { createTestPostgresDatabase, type TestPostgresDatabase } from '../support/postgres-database';
import { TEST_START } from '../support/test-app';
import { HostNetwork } from './host-network';
import { eventually, Host, pause, START_TIMEOUT_MS, STOP_GRACE_MS, withTimeout } from './api-host';

/**
 * Three API processes as three hosts over one PostgreSQL database (own instance id, own data
 * folder, own read models), e-mailing tickets over SMTP to one real `smtp-server`. Fifty virtual
 * parents reserve free days and pay on the three hosts at once, some racing for the same slot;
 * mid-load one host is killed (SIGKILL) and restarted on its data folder with its instance id,
 * twice — the ticket lease holder first. A request that fails on a dead host is retried on another
 * with the same Idempotency-Key, as a load balancer and a retrying client do. At the end: no
 * acknowledged write lost, no slot held twice, one ticket per payment, gapless numbers, every
 * ticket e-mailed (a duplicate only with the same Message-ID, when a host dies between the SMTP
 * server's acceptance and its record), every order settled by credit e-mailed, a clean
 * `periscol-audit verify --postgres`, and reads across hosts (measured).
 *
 * The ticket lease lasts 5 min (TICKET_LEASE_TIMING): to see the takeover within the test, every
 * host's clock is moved forward together by more than that when the holder dies (the child's IPC
 * channel), as if the restart had taken that long. Clocks still agree, as the lease requires.
 */
const PARENTS = 50;
const ROUNDS = 3;
/** Weeks of the demo catalog open for reservations at TEST_START (2026-11-26: W49's deadline has passed, W52–W53 are holidays). */
const WEEKS = ['2026-W50', '2026-W51', '2027-W02'] as const;
const REQUEST_TIMEOUT_MS = 20_000;
/** One client action, retries included. */
const CALL_DEADLINE_MS = 45_000;
const MAX_ATTEMPTS = 12;
/** E-mails go out at about 10 a second here (PDF and SMTP, 2 shared cores): 150 tickets take ~15 s. */
const SETTLE_TIMEOUT_MS = 60_000;
const READ_CATCH_UP_TIMEOUT_MS = 10_000;
const LOAD_TIMEOUT_MS = 90_000;
/** TICKET_LEASE_TIMING.ttlMs (5 min) and a margin: past the dead holder's `until`. */
const LEASE_SKIP_MS = 5 * 60_000 + 30_000;
/**
 * The first kill after a quarter of the rounds; the second once 90 % of the first two rounds are
 * done, and no parent starts its last round before it: both kills are mid-load however fast or
 * slow the machine (a third of the rounds at least still to run).
 */
const KILL_AFTER_ROUNDS = [Math.round((PARENTS * ROUNDS) / 4), Math.round(PARENTS * (ROUNDS - 1) * 0.9)] as const;

// ---------------------------------------------------------------------------------------------
// The client: a load balancer and a retrying client in one

interface Answer {
  readonly status: number;
  readonly body: Record<string, unknown> & { error?: { code?: string } };
  readonly host: number;
  readonly replayed: boolean;
}

interface Call {
  readonly method: 'GET' | 'POST';
  readonly path: string;
  /** Preferred host; another one is used when it is down or fails. */
  readonly host: number;
  /** Only this host will do (the simulated payment site's sessions are its own): wait for it. */
  readonly pinned?: boolean;
  readonly token?: string;
  readonly key?: string;
  readonly body?: unknown;
  readonly form?: boolean;
  /** The parent's address, behind the (trusted) load balancer: per-address rate limits stay per parent. */
  readonly address: string;
}

const stats = { requests: 0, networkFailures: 0, retriedAnswers: 0, replayed: 0 };
/** Set when the load fails: every virtual parent stops at its next request. */
const load = { aborted: false, completed: false };

function isTransient(answer: { status: number; body: { error?: { code?: string } } }): boolean {
  return answer.status >= 500 || answer.status === 429 || (answer.status === 409 && answer.body.error?.code === 'CONCURRENCY_CONFLICT');
}

// ---------------------------------------------------------------------------------------------
// What the store says

interface Line {
  readonly childId: string;
  readonly activityId: string;
  readonly date: string;
}

const slotKey = (familyId: string, line: Line) => `${familyId}/${line.childId}/${line.activityId}/${line.date}`;

describeWithPostgres('three API hosts over one PostgreSQL store, under load, a host killed mid-load twice', () => {
  const dirs: string[] = [];
  const hosts: Host[] = [];
  const networks: HostNetwork[] = [];
  let database: TestPostgresDatabase | undefined;
  let smtp: TestSmtpServer | undefined;
  let hostEnv: Record<string, string> = {};
  const startedAt = Date.now();

  beforeAll(async () => {
    database = await createTestPostgresDatabase('periscol_load');
    smtp = await TestSmtpServer.start();
    hostEnv = {
      PERISCOL_DEMO: '1',
      PERISCOL_POSTGRES_URL: database.url,
      SMTP_URL: smtp.url,
      PERISCOL_TRUST_PROXY_HOPS: '1',
    };
    const offset = Date.parse(TEST_START) - Date.now();
    for (let index = 0; index < 3; index++) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `periscol-load-host-${index}-`));
      dirs.push(dataDir);
      const network = HostNetwork.create(index);
      if (network instanceof HostNetwork) networks.push(network);
      else console.info(`host-${index} runs on loopback beside the test: ${network.unavailable}`);
      hosts.push(new Host(index, `host-${index}`, dataDir, offset, network instanceof HostNetwork ? network : undefined));
    }
    console.info(hosts.map((host) => `${host.name}: ${host.network ? `network namespace ${host.network.namespace}, ${host.network.address}` : 'loopback'}`).join('; '));
    // One after the other: the first creates the schema and takes the lease.
    for (const host of hosts) await host.start(hostEnv);
  }, 3 * START_TIMEOUT_MS + 10_000);

  afterAll(async () => {
    await Promise.all(hosts.map((host) => host.stop().catch(() => undefined)));
    await Promise.all(networks.map((network) => network.remove()));
    await smtp?.close().catch(() => undefined);
    await database?.drop().catch(() => undefined);
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
  }, 4 * STOP_GRACE_MS + 10_000);

  async function call(spec: Call): Promise<Answer> {
    const deadline = Date.now() + CALL_DEADLINE_MS;
    let last = '';
    for (let attempt = 0; attempt < MAX_ATTEMPTS && Date.now() < deadline; attempt++) {
      if (load.aborted) throw new Error('load aborted');
      let host = hosts[spec.host];
      if (spec.pinned) await withTimeout(host.ready(), Math.max(1, deadline - Date.now()), `${host.name} back up`);
      else {
        // The preferred host first, then the next ones up (a load balancer skips a dead backend).
        const order = [0, 1, 2].map((shift) => hosts[(spec.host + attempt + shift) % hosts.length]);
        const next = order.find((candidate) => candidate.up);
        host = next ?? order[0];
        if (!next) await withTimeout(Promise.race(hosts.map((candidate) => candidate.ready())), Math.max(1, deadline - Date.now()), 'a host up');
      }
      const url = host.url;
      if (url === undefined) continue;
      const headers: Record<string, string> = { 'X-Forwarded-For': spec.address };
      if (spec.token) headers.Authorization = `Bearer ${spec.token}`;
      if (spec.key) headers['Idempotency-Key'] = spec.key;
      let body: string | undefined;
      if (spec.form) {
        headers['Content-Type'] = 'application/x-www-form-urlencoded';
        body = '';
      } else if (spec.body !== undefined) {
        headers['Content-Type'] = 'application/json';
        body = JSON.stringify(spec.body);
      }
      stats.requests += 1;
      try {
        const response = await fetch(`${url}${spec.path}`, { method: spec.method, headers, body, redirect: 'manual', signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS) });
        const text = await response.text();
        const json = (response.headers.get('content-type') ?? '').includes('json') && text ? (JSON.parse(text) as Answer['body']) : {};
        const answer = { status: response.status, body: json, host: host.index, replayed: response.headers.get('idempotent-replayed') === 'true' };
        if (answer.replayed) stats.replayed += 1;
        if (!isTransient(answer)) return answer;
        stats.retriedAnswers += 1;
        last = `${answer.status} ${answer.body.error?.code ?? ''} from ${host.name}`;
      } catch (error) {
        // The host died under the request (reset) or is dead (refused): try again elsewhere.
        stats.networkFailures += 1;
        last = `${host.name}: ${(error as Error).cause instanceof Error ? ((error as Error).cause as Error).message : (error as Error).message}`;
      }
      // A client's back-off between retries, not a synchronisation.
      await pause(Math.min(50 * (attempt + 1), 500));
    }
    throw new Error(`${spec.method} ${spec.path} failed after retries: ${last}`);
  }

  async function readStore(): Promise<readonly StoredEvent[]> {
    const store = await PostgresEventStore.open({ connectionString: (database as TestPostgresDatabase).url });
    try {
      return await store.readAll();
    } finally {
      await store.close();
    }
  }

  async function ticketsDetail(host: Host): Promise<string> {
    const answer = await call({ method: 'GET', path: '/api/health', host: host.index, pinned: true, address: '10.9.0.1' });
    const checks = (answer.body.checks ?? []) as { name: string; detail?: string }[];
    return checks.find((check) => check.name === 'tickets')?.detail ?? '';
  }

  async function holderIndex(): Promise<number | undefined> {
    for (const host of hosts) if (host.up && (await ticketsDetail(host)).startsWith('holds the ticket lease')) return host.index;
    return undefined;
  }

  // ---- what the load records ----
  interface Acked {
    readonly familyId: string;
    readonly orderId: string;
    readonly line: Line;
    readonly week: string;
    settled?: 'paid' | 'credit';
  }
  const acked: Acked[] = [];
  const raced = { races: 0, won: 0, slotTaken: 0, bothWon: 0 };
  const readYourWrites = { checked: 0, immediate: 0, maxCatchUpMs: 0 };
  const kills: { host: string; holder: boolean; roundsDone: number; downMs: number; newHolder?: string; takeoverMs?: number }[] = [];
  let roundsDone = 0;
  let loadMs = 0;
  let events: readonly StoredEvent[] = [];

  const progress: { threshold: number; resolve: () => void }[] = [];
  let secondKillDone: () => void = () => undefined;
  const secondKill = new Promise<void>((resolve) => (secondKillDone = resolve));
  const roundsReached = (threshold: number) =>
    roundsDone >= threshold ? Promise.resolve() : new Promise<void>((resolve) => progress.push({ threshold, resolve }));
  function roundDone(): void {
    roundsDone += 1;
    for (const waiter of progress.filter((w) => roundsDone >= w.threshold)) {
      progress.splice(progress.indexOf(waiter), 1);
      waiter.resolve();
    }
  }

  const familyOf = (i: number) => `fam-load-${String(i).padStart(2, '0')}`;
  const childOf = (i: number) => `child-load-${String(i).padStart(2, '0')}`;
  const addressOf = (i: number) => `10.1.${Math.floor(i / 200)}.${(i % 200) + 1}`;
  /** Every seventh family settles by credit (a goodwill credit covers its orders: « OK »). */
  const byCredit = (i: number) => i % 7 === 3;
  /** Every fifth parent starts by sending one reservation to two hosts at once (two devices). */
  const racing = (i: number) => i % 5 === 0;

  type Planning = { children: { childId: string; days: { date: string; slots: { activityId: string; status: string; orderId?: string }[] }[] }[] };
  const slotIn = (planning: Planning, line: Line) =>
    planning.children.find((c) => c.childId === line.childId)?.days.find((d) => d.date === line.date)?.slots.find((s) => s.activityId === line.activityId);

  async function checkReadYourWrites(i: number, token: string, order: Acked, ackedBy: number): Promise<void> {
    const began = Date.now();
    const otherHost = () => [1, 2].map((shift) => (ackedBy + shift) % 3).find((index) => hosts[index].up) ?? (ackedBy + 1) % 3;
    const probe = async () => {
      const answer = await call({ method: 'GET', path: `/api/families/${order.familyId}/planning?week=${order.week}`, host: otherHost(), token, address: addressOf(i) });
      return answer.host !== ackedBy && slotIn(answer.body as unknown as Planning, order.line)?.orderId === order.orderId ? true : undefined;
    };
    readYourWrites.checked += 1;
    if (await probe()) {
      readYourWrites.immediate += 1;
      return;
    }
    await eventually(probe, `order ${order.orderId} (acknowledged by host-${ackedBy}) in another host's planning`, READ_CATCH_UP_TIMEOUT_MS, 25);
    readYourWrites.maxCatchUpMs = Math.max(readYourWrites.maxCatchUpMs, Date.now() - began);
  }

  /** Pays `orderId` through the simulated site of the host holding its session (tried in turn: a replayed checkout may name another host's session). */
  async function pay(i: number, token: string, orderId: string, host: number): Promise<void> {
    const checkout = await call({ method: 'POST', path: `/api/orders/${orderId}/checkout`, host, token, key: `pay-${orderId}`, address: addressOf(i) });
    expect([checkout.status, checkout.body.error]).toEqual([200, undefined]);
    const page = new URL(checkout.body.checkoutUrl as string).pathname;
    const tried: string[] = [];
    for (const shift of [0, 1, 2]) {
      const sessionHost = (checkout.host + shift) % 3;
      const answer = await call({ method: 'POST', path: `${page}/pay`, host: sessionHost, pinned: true, form: true, address: addressOf(i) });
      if (answer.status === 303) return;
      tried.push(`${hosts[sessionHost].name}: ${answer.status}`);
      if (answer.status !== 404) break;
    }
    throw new Error(`order ${orderId} could not be paid: ${tried.join(', ')}`);
  }

  async function parent(i: number, adminToken: string): Promise<void> {
    const familyId = familyOf(i);
    const issued = await call({ method: 'POST', path: '/api/auth/demo-token', host: i % 3, body: { role: 'parent', familyId }, address: addressOf(i) });
    const token = issued.body.token as string;
    if (byCredit(i)) {
      const credit = await call({ method: 'POST', path: `/api/admin/families/${familyId}/credits`, host: (i + 1) % 3, token: adminToken, key: `goodwill-${familyId}`, body: { amountCents: 10_000, reason: 'Geste commercial (test de charge)' }, address: '10.9.0.2' });
      expect(credit.status).toBe(201);
    }
    for (let round = 0; round < ROUNDS; round++) {
      if (round === ROUNDS - 1) await withTimeout(secondKill, LOAD_TIMEOUT_MS, 'the second kill');
      const host = (i + round) % 3;
      const week = WEEKS[(i + round) % WEEKS.length];
      const planning = await call({ method: 'GET', path: `/api/families/${familyId}/planning?week=${week}`, host, token, address: addressOf(i) });
      expect(planning.status).toBe(200);
      const free = (planning.body as unknown as Planning).children[0].days.filter((day) => day.slots.some((s) => s.activityId === 'restauration' && s.status === 'free'));
      if (free.length === 0) throw new Error(`${familyId}: no free day in ${week}`);
      const line = { childId: childOf(i), activityId: 'restauration', date: free[i % free.length].date };
      const reserve = (onHost: number, key: string) => call({ method: 'POST', path: `/api/families/${familyId}/reservations`, host: onHost, token, key, body: { slots: [line] }, address: addressOf(i) });

      const answers = racing(i) && round === 0 ? await Promise.all([reserve(host, `res-${familyId}-${round}-a`), reserve((host + 1) % 3, `res-${familyId}-${round}-b`)]) : [await reserve(host, `res-${familyId}-${round}`)];
      const won = answers.filter((answer) => answer.status === 201);
      if (answers.length > 1) {
        raced.races += 1;
        raced.won += won.length === 1 ? 1 : 0;
        raced.bothWon += won.length > 1 ? 1 : 0;
        raced.slotTaken += answers.filter((answer) => answer.status === 409 && answer.body.error?.code === 'SLOT_TAKEN').length;
      }
      expect(answers.filter((answer) => answer.status !== 201).map((answer) => answer.body.error?.code)).toEqual(answers.length > 1 ? ['SLOT_TAKEN'] : []);
      for (const answer of won) {
        const order: Acked = { familyId, orderId: answer.body.orderId as string, line, week };
        acked.push(order);
        await checkReadYourWrites(i, token, order, answer.host);
        if ((answer.body.amountDueCents as number) === 0) {
          const confirmed = await call({ method: 'POST', path: `/api/orders/${order.orderId}/confirm`, host: answer.host, token, key: `ok-${order.orderId}`, address: addressOf(i) });
          expect([confirmed.status, confirmed.body.error]).toEqual([200, undefined]);
          order.settled = 'credit';
        } else {
          await pay(i, token, order.orderId, answer.host);
          order.settled = 'paid';
        }
      }
      roundDone();
    }
  }

  /** Kills a host mid-load, waits, restarts it on its data folder with its instance id. */
  async function killAndRestart(index: number, holder: boolean, onKilled: () => void = () => undefined): Promise<void> {
    const host = hosts[index];
    const began = Date.now();
    const at = roundsDone;
    await host.kill();
    onKilled();
    if (holder) {
      // As if the restart took longer than the lease: every clock moves on together, past the dead holder's `until`.
      for (const other of hosts) await other.advanceClock(LEASE_SKIP_MS);
    }
    await host.start(hostEnv);
    const downMs = Date.now() - began;
    // Who holds the lease now, and when: the restarted host looks at once, the others every 2 min.
    const taken = holder ? await eventually(holderIndex, 'a host to hold the ticket lease again', SETTLE_TIMEOUT_MS, 100) : undefined;
    kills.push({ host: host.name, holder, roundsDone: at, downMs, ...(taken === undefined ? {} : { newHolder: hosts[taken].name, takeoverMs: Date.now() - began }) });
  }

  test('50 parents on three hosts, a host killed and restarted twice mid-load (the lease holder first)', async () => {
    const admin = await call({ method: 'POST', path: '/api/auth/demo-token', host: 0, body: { role: 'admin' }, address: '10.9.0.2' });
    const adminToken = admin.body.token as string;
    const registered = await Promise.all(
      Array.from({ length: PARENTS }, (_, i) =>
        call({
          method: 'POST',
          path: '/api/admin/families',
          host: i % 3,
          token: adminToken,
          key: `register-${familyOf(i)}`,
          body: {
            familyId: familyOf(i),
            name: `Parent ${i}`,
            email: `parent-${i}@example.org`,
            resident: true,
            quotientFamilial: 400 + 25 * i,
            children: [{ childId: childOf(i), firstName: `Enfant${i}`, lastName: 'Charge', school: 'École élémentaire Jules-Ferry', grade: 'CE1', activityIds: ['restauration'] }],
          },
          address: '10.9.0.2',
        }),
      ),
    );
    expect(registered.map((answer) => answer.status)).toEqual(Array(PARENTS).fill(201));

    const began = Date.now();
    const chaos = (async () => {
      await roundsReached(KILL_AFTER_ROUNDS[0]);
      const holder = await holderIndex();
      if (holder === undefined) throw new Error('no host holds the ticket lease');
      await killAndRestart(holder, true);
      await roundsReached(KILL_AFTER_ROUNDS[1]);
      const current = await holderIndex();
      const victim = [1, 2].map((shift) => (holder + shift) % 3).find((index) => index !== current) as number;
      await killAndRestart(victim, false, secondKillDone);
    })();
    const parents = Array.from({ length: PARENTS }, (_, i) => parent(i, adminToken));
    try {
      await withTimeout(Promise.all([...parents, chaos]), LOAD_TIMEOUT_MS, 'the load and the two kills');
    } catch (error) {
      // Stop every parent before anything else reads the store (nothing left in flight).
      load.aborted = true;
      for (const waiter of progress.splice(0)) waiter.resolve();
      secondKillDone();
      await withTimeout(Promise.allSettled([...parents, chaos]), CALL_DEADLINE_MS, 'the parents to stop');
      throw error;
    }
    loadMs = Date.now() - began;
    load.completed = true;

    console.info(
      `load: ${PARENTS} parents, ${roundsDone} rounds, ${acked.length} orders acknowledged in ${loadMs} ms; ${stats.requests} HTTP requests, ${stats.networkFailures} failed on a dead host and ${stats.retriedAnswers} transient answers retried (same Idempotency-Key), ${stats.replayed} replayed answers`,
    );
    for (const kill of kills) {
      const takeover = kill.newHolder ? `; lease held again by ${kill.newHolder} ${kill.takeoverMs} ms after the kill` : '';
      console.info(`kill: ${kill.host}${kill.holder ? ' (ticket lease holder)' : ''} SIGKILLed after ${kill.roundsDone}/${PARENTS * ROUNDS} rounds, back in ${kill.downMs} ms${takeover}`);
    }
    console.info(`races for one slot on two hosts: ${raced.races}, one winner in ${raced.won}, both won in ${raced.bothWon}, SLOT_TAKEN answers ${raced.slotTaken}`);
    expect(kills.map((kill) => kill.holder)).toEqual([true, false]);
    expect(kills.every((kill) => kill.roundsDone < PARENTS * ROUNDS)).toBe(true);
    expect(roundsDone).toBe(PARENTS * ROUNDS);
    expect(raced.bothWon).toBe(0);
  }, LOAD_TIMEOUT_MS + 30_000);

  const loadCompleted = () => {
    if (!load.completed) throw new Error('the load did not complete (see the first test): nothing to check');
  };

  test('settled: every payment has exactly one ticket, numbered without a hole, e-mailed once; every order settled by credit e-mailed once', async () => {
    loadCompleted();
    const paid = acked.filter((order) => order.settled === 'paid').length;
    // Bounded wait: every payment confirmed has its ticket in the store, and every ticket (and validation by credit) reached the SMTP server.
    const messageIds = (raw: Buffer) => /^Message-ID:\s*<([^>]+)>/im.exec(raw.subarray(0, 8192).toString('latin1'))?.[1];
    const validationIds = () =>
      events
        .filter((event) => event.type === 'ReservationConfirmed' && (event.data as { via?: string }).via === 'credit')
        .map((event) => `validation-${(event.data as { orderId: string }).orderId}@periscol.local`);
    const settled = await eventually(
      async () => {
        events = await readStore();
        const tickets = events.filter((event) => event.type === 'PaymentTicketIssued');
        const confirmed = events.filter((event) => event.type === 'PaymentConfirmed');
        if (confirmed.length < paid || tickets.length < confirmed.length) return undefined;
        const mailed = new Set((smtp as TestSmtpServer).accepted.map(messageIds));
        const ticketsMailed = tickets.every((ticket) => mailed.has(`${(ticket.data as { ticketNumber: string }).ticketNumber}@periscol.local`));
        return ticketsMailed && validationIds().every((id) => mailed.has(id)) ? { tickets, confirmed } : undefined;
      },
      'every payment ticketed, every ticket and every validation by credit e-mailed',
      SETTLE_TIMEOUT_MS,
      250,
    );
    const { tickets, confirmed } = settled;
    const numbers = tickets.map((ticket) => (ticket.data as { ticketNumber: string }).ticketNumber);
    const ticketsPerPayment = new Map<string, number>();
    for (const ticket of tickets) {
      const { paymentId } = ticket.data as { paymentId: string };
      ticketsPerPayment.set(paymentId, (ticketsPerPayment.get(paymentId) ?? 0) + 1);
    }
    const year = TEST_START.slice(0, 4);
    const expected = numbers.map((_, k) => `R-${year}-${String(k + 1).padStart(6, '0')}`);
    const sortedNumbers = [...numbers].sort();
    const holes = expected.filter((number) => !numbers.includes(number));

    const raw = (smtp as TestSmtpServer).accepted.map(messageIds);
    const perTicket = new Map<string, number>();
    for (const id of raw) if (id) perTicket.set(id, (perTicket.get(id) ?? 0) + 1);
    const duplicated = [...perTicket.values()].filter((count) => count > 1).length;

    console.info(`payments: ${confirmed.length} confirmed (${paid} paid by acknowledged card payments), ${acked.filter((o) => o.settled === 'credit').length} orders settled by credit`);
    console.info(`tickets per payment: ${new Set(ticketsPerPayment.values()).size === 1 ? [...ticketsPerPayment.values()][0] : [...ticketsPerPayment.values()].join(',')} (${tickets.length} tickets for ${ticketsPerPayment.size} payments)`);
    console.info(`ticket numbering: ${sortedNumbers[0]}..${sortedNumbers.at(-1)}, ${holes.length} holes`);
    const validations = validationIds();
    console.info(
      `e-mailed: ${perTicket.size} distinct Message-IDs for ${tickets.length} tickets and ${validations.length} orders settled by credit; ${raw.length} messages received in all (${duplicated} sent more than once, same Message-ID)`,
    );

    expect(confirmed.length).toBe(paid);
    expect(new Set(confirmed.map((event) => (event.data as { paymentId: string }).paymentId)).size).toBe(confirmed.length);
    expect(ticketsPerPayment.size).toBe(confirmed.length);
    expect([...ticketsPerPayment.values()].every((count) => count === 1)).toBe(true);
    expect(sortedNumbers).toEqual(expected);
    expect([...perTicket.keys()].sort()).toEqual([...numbers.map((number) => `${number}@periscol.local`), ...validations].sort());
    expect(raw.every((id) => id !== undefined)).toBe(true);
  }, SETTLE_TIMEOUT_MS + 15_000);

  test('no acknowledged write lost, none doubled, no slot held twice', async () => {
    loadCompleted();
    const families = new Map<string, StoredEvent[]>();
    for (const event of events) if (event.streamId.startsWith('family-')) families.set(event.streamId, [...(families.get(event.streamId) ?? []), event]);
    const requested = new Map<string, { familyId: string; lines: Line[]; count: number }>();
    const confirmedOrders = new Map<string, number>();
    const expired = new Set<string>();
    for (const [, stream] of families) {
      for (const event of stream) {
        const data = event.data as { orderId: string; familyId: string; lines: Line[] };
        if (event.type === 'ReservationRequested') {
          const seen = requested.get(data.orderId);
          requested.set(data.orderId, { familyId: data.familyId, lines: data.lines, count: (seen?.count ?? 0) + 1 });
        }
        if (event.type === 'ReservationConfirmed') confirmedOrders.set(data.orderId, (confirmedOrders.get(data.orderId) ?? 0) + 1);
        if (event.type === 'ReservationExpired') expired.add(data.orderId);
      }
    }
    // Lost: an acknowledged reservation not in the store, or an acknowledged payment / « OK » whose order is not confirmed there.
    const lostInStore = acked.filter((order) => !requested.has(order.orderId) || !confirmedOrders.has(order.orderId) || expired.has(order.orderId));
    // And from the API: each family's planning (on a host other than the one that answered most) shows every acknowledged slot reserved by its order.
    let lostInPlanning = 0;
    const byFamilyWeek = new Map<string, Acked[]>();
    for (const order of acked) byFamilyWeek.set(`${order.familyId} ${order.week}`, [...(byFamilyWeek.get(`${order.familyId} ${order.week}`) ?? []), order]);
    const admin = await call({ method: 'POST', path: '/api/auth/demo-token', host: 2, body: { role: 'admin' }, address: '10.9.0.2' });
    let k = 0;
    for (const [key, orders] of byFamilyWeek) {
      const [familyId, week] = key.split(' ');
      const planning = await call({ method: 'GET', path: `/api/families/${familyId}/planning?week=${week}`, host: k++ % 3, token: admin.body.token as string, address: '10.9.0.2' });
      for (const order of orders) {
        const slot = slotIn(planning.body as unknown as Planning, order.line);
        if (slot?.status !== 'reserved' || slot.orderId !== order.orderId) lostInPlanning += 1;
      }
    }
    // Doubled: one request recorded twice, or an order the clients never got an answer for (every request was retried to an answer).
    const ackedIds = new Set(acked.map((order) => order.orderId));
    const doubled = [...requested.entries()].filter(([orderId, order]) => order.count > 1 || (order.familyId.startsWith('fam-load-') && !ackedIds.has(orderId)));
    const confirmedTwice = [...confirmedOrders.values()].filter((count) => count > 1).length;
    // Double booking: a slot held (pending or reserved) by two orders.
    const holders = new Map<string, string[]>();
    for (const [orderId, order] of requested) {
      if (expired.has(orderId)) continue;
      for (const line of order.lines) holders.set(slotKey(order.familyId, line), [...(holders.get(slotKey(order.familyId, line)) ?? []), orderId]);
    }
    const doubleBookings = [...holders.values()].filter((orders) => orders.length > 1).length;

    console.info(`acknowledged writes lost: ${lostInStore.length} in the store, ${lostInPlanning} in the plannings (of ${acked.length} reservations and their settlements)`);
    console.info(`retried writes doubled: ${doubled.length} reservations, ${confirmedTwice} confirmations`);
    console.info(`double bookings: ${doubleBookings} (${holders.size} slots held)`);
    expect(lostInStore).toEqual([]);
    expect(lostInPlanning).toBe(0);
    expect(doubled).toEqual([]);
    expect(confirmedTwice).toBe(0);
    expect(doubleBookings).toBe(0);
  }, 60_000);

  test("read-your-writes: every acknowledged reservation is in another host's planning", () => {
    loadCompleted();
    console.info(
      `read-your-writes across hosts: ${readYourWrites.immediate}/${readYourWrites.checked} at once, ${readYourWrites.checked - readYourWrites.immediate} after a catch-up (longest ${readYourWrites.maxCatchUpMs} ms, bound ${READ_CATCH_UP_TIMEOUT_MS} ms)`,
    );
    expect(readYourWrites.checked).toBe(acked.length);
  });

  test('periscol-audit verify --postgres: clean', async () => {
    loadCompleted();
    const cwd = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-load-audit-'));
    dirs.push(cwd);
    const result = await cli(['verify', '--json', '--quiet', '--postgres', (database as TestPostgresDatabase).url], { cwd, env: {} });
    const report = result.json<{ checks: { name: string; ok: boolean }[]; familiesChecked: number }>();
    const failed = report.checks.filter((check) => !check.ok);
    console.info(`periscol-audit verify --postgres: exit ${result.code}, ${report.checks.length} checks, ${failed.length} failed, ${report.familiesChecked} families checked`);
    console.info(`test duration so far: ${Date.now() - startedAt} ms`);
    expect(failed).toEqual([]);
    expect(result.code).toBe(0);
  }, 60_000);
});
