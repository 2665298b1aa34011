/**
 * A town's data folder as the API writes it: the built main command (`apps/api/dist/main.js`)
 * runs in demo mode on a fresh folder, a parent reserves a canteen day over HTTP, pays it on the
 * simulated payment site and cancels it, then the API is stopped once the ticket's e-mail is in
 * its outbox. What is left — events.sqlite, the read and operations databases, the outbox — is
 * what an auditor receives.
 *
 * The API runs on the real clock, so its municipality is the demo one with the school year moved
 * around today (no closures, one tariff per activity from the year's start): the journey books a
 * day two weeks ahead whenever the test runs.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as path from 'node:path';
import { userEnvironment } from './commands';

const DAY_MS = 86_400_000;
const FAMILY_ID = 'famille-martin';
const CHILD_ID = 'lea-martin';

interface MunicipalityFile {
  schoolYear: { start: string; end: string };
  closedDates: unknown[];
  activities: { id: string; weekdays: number[]; tariffs: { effectiveFrom: string }[] }[];
}

export interface ApiJourney {
  readonly dataDir: string;
  readonly municipalityFile: string;
  /** The day reserved, paid, then cancelled. */
  readonly date: string;
  /** The e-mail that carried the payment ticket (`outbox/R-<year>-000001@….eml`). */
  readonly ticketEmail: string;
}

function isoDate(ms: number): string {
  return new Date(ms).toISOString().slice(0, 10);
}

/** The demo municipality with its school year around `now`. */
export function municipalityAroundToday(demoFile: string, now: number): MunicipalityFile {
  const demo = JSON.parse(fs.readFileSync(demoFile, 'utf8')) as MunicipalityFile;
  const start = isoDate(now - 7 * DAY_MS);
  return {
    ...demo,
    schoolYear: { start, end: isoDate(now + 90 * DAY_MS) },
    closedDates: [],
    activities: demo.activities.map((activity) => ({ ...activity, tariffs: [{ ...activity.tariffs[0], effectiveFrom: start }] })),
  };
}

/** The first canteen day (Monday, Tuesday, Thursday or Friday) at least 14 days after `now`. */
export function canteenDayAfter(now: number, weekdays: readonly number[]): string {
  for (let ms = now + 14 * DAY_MS; ; ms += DAY_MS) {
    const weekday = ((new Date(ms).getUTCDay() + 6) % 7) + 1; // ISO: Monday 1 … Sunday 7
    if (weekdays.includes(weekday)) return isoDate(ms);
  }
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

async function call(base: string, method: string, route: string, options: { token?: string; body?: unknown; key?: string; form?: boolean } = {}) {
  const headers: Record<string, string> = {};
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  if (options.key) headers['idempotency-key'] = options.key;
  if (options.form) headers['content-type'] = 'application/x-www-form-urlencoded';
  else if (options.body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(`${base}${route}`, {
    method,
    headers,
    body: options.form ? '' : options.body === undefined ? undefined : JSON.stringify(options.body),
    redirect: 'manual',
    signal: AbortSignal.timeout(30_000),
  });
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    // an HTML page or a redirect: kept as text
  }
  return { status: res.status, body: body as Record<string, unknown> };
}

async function expectStatus(expected: number | readonly number[], answer: Promise<{ status: number; body: Record<string, unknown> }>, what: string) {
  const { status, body } = await answer;
  const statuses = typeof expected === 'number' ? [expected] : expected;
  if (!statuses.includes(status)) throw new Error(`${what} answered ${status} (expected ${statuses.join(' or ')}): ${JSON.stringify(body).slice(0, 500)}`);
  return body;
}

async function waitUntilHealthy(base: string, child: ChildProcess, logFile: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`the API exited with ${child.exitCode} during start-up: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
    try {
      if ((await fetch(`${base}/api/health`, { signal: AbortSignal.timeout(2_000) })).status === 200) return;
    } catch {
      // not listening yet
    }
    // Polling a process that is starting: bounded by the deadline.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`the API was not healthy after 60 s: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
}

/** The ticket's e-mail, which the API's outbox writes shortly after the payment. */
async function ticketEmailIn(outbox: string, logFile: string): Promise<string> {
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    const email = fs.existsSync(outbox) ? fs.readdirSync(outbox).find((name) => /^R-\d{4}-000001@.*\.eml$/.test(name)) : undefined;
    if (email) return path.join(outbox, email);
    // Polling a file another process writes: bounded by the deadline.
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`no ticket e-mail in ${outbox} after 30 s: ${fs.readFileSync(logFile, 'utf8').slice(-2000)}`);
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 10_000);
  await exited;
  clearTimeout(timer);
}

/**
 * Runs the journey on the built API with its data in `root/data` and stops it. The API's output
 * is in `root/api.log`.
 */
export async function apiJourney(repoRoot: string, root: string, now = Date.now()): Promise<ApiJourney> {
  const main = path.join(repoRoot, 'apps/api/dist/main.js');
  if (!fs.existsSync(main)) throw new Error(`${main} is missing: build the API first`);
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir, { recursive: true });
  const municipality = municipalityAroundToday(path.join(repoRoot, 'packages/reservation-domain/src/catalog/demo-municipality.json'), now);
  const municipalityFile = path.join(root, 'municipality.json');
  fs.writeFileSync(municipalityFile, JSON.stringify(municipality, null, 2));
  const canteen = municipality.activities.find((activity) => activity.id === 'restauration');
  if (!canteen) throw new Error('the demo municipality has no "restauration" activity');
  const date = canteenDayAfter(now, canteen.weekdays);

  const port = await freePort();
  const logFile = path.join(root, 'api.log');
  const log = fs.openSync(logFile, 'a');
  const env = userEnvironment({
    PORT: String(port),
    PERISCOL_DATA_DIR: dataDir,
    PERISCOL_MUNICIPALITY_FILE: municipalityFile,
    PERISCOL_DEMO: '1',
    PERISCOL_RATE_LIMIT_PER_MINUTE: '0',
    PERISCOL_RATE_LIMIT_AUTH_PER_MINUTE: '0',
    PERISCOL_RATE_LIMIT_PAY_PER_MINUTE: '0',
  });
  // The embedded defaults: no EventStoreDB, Stripe or SMTP from the caller's environment.
  for (const name of ['EVENTSTORE_CONNECTION_STRING', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'SMTP_URL', 'PERISCOL_PAYMENTS']) delete env[name];
  const child = spawn(process.execPath, [main], { cwd: root, env, stdio: ['ignore', log, log] });
  fs.closeSync(log);
  const base = `http://127.0.0.1:${port}`;
  let ticketEmail: string;
  try {
    await waitUntilHealthy(base, child, logFile);
    const { token } = (await expectStatus([200, 201], call(base, 'POST', '/api/auth/demo-token', { body: { role: 'parent', familyId: FAMILY_ID } }), 'POST /api/auth/demo-token')) as { token: string };
    const slots = [{ childId: CHILD_ID, activityId: 'restauration', date }];
    const order = await expectStatus(201, call(base, 'POST', `/api/families/${FAMILY_ID}/reservations`, { token, key: 'packaging-reserve', body: { slots } }), 'POST reservations');
    const checkout = await expectStatus(200, call(base, 'POST', `/api/orders/${String(order.orderId)}/checkout`, { token, key: 'packaging-checkout', body: {} }), 'POST checkout');
    const page = new URL(String(checkout.checkoutUrl)).pathname;
    await expectStatus(303, call(base, 'POST', `${page}/pay`, { form: true }), 'POST « Payer » on the simulated site');
    await expectStatus(201, call(base, 'POST', `/api/families/${FAMILY_ID}/cancellations`, { token, key: 'packaging-cancel', body: { slots } }), 'POST cancellations');
    ticketEmail = await ticketEmailIn(path.join(dataDir, 'outbox'), logFile);
  } finally {
    await stop(child);
  }
  return { dataDir, municipalityFile, date, ticketEmail };
}
