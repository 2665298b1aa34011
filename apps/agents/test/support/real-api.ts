/**
 * The real API in-process (`createApp` of apps/api), real SQLite files in a temp dir, demo mode,
 * simulated payments, a ManualClock, listening on 127.0.0.1. The API is another app (lint
 * forbids importing an app from an app): it is loaded by path at run time.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { EventStore } from '@periscol/event-store';

const API_SRC = join(__dirname, '..', '..', '..', 'api', 'src');

interface ManualClockLike {
  now(): Date;
  set(instant: Date | string): void;
}
interface NestAppLike {
  listen(port: number, host: string): Promise<unknown>;
  close(): Promise<void>;
  get<T>(token: unknown): T;
}

function load<T extends object>(file: string): T {
  try {
    return jest.requireActual<T>(join(API_SRC, file));
  } catch (error) {
    throw new Error(`cannot load apps/api/src/${file}: ${(error as Error).message}`);
  }
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningApi {
  readonly baseUrl: string;
  readonly clock: ManualClockLike;
  readonly store: EventStore;
  /**
   * Posts `payload` (a Checkout Session event) to the simulated site's webhook, signed with the
   * installation's secret as the site signs its notifications: e.g. a payment for a family that
   * does not exist, which the API keeps as an unmatched payment.
   */
  notifySimulatedPayment(payload: string): Promise<{ status: number; body: Record<string, unknown> }>;
  stop(): Promise<void>;
}

/** `env` adds to (or overrides) the configuration's variables, e.g. `PERISCOL_MUNICIPALITY_FILE`. */
export async function startRealApi(now: Date, env: Record<string, string> = {}): Promise<RunningApi> {
  const { createApp } = load<{ createApp(config: unknown, overrides: object): Promise<NestAppLike> }>('app.factory');
  const { loadConfig } = load<{ loadConfig(env: Record<string, string>, options?: object): unknown }>('platform/config/app-config');
  const { ManualClock } = load<{ ManualClock: new (start: Date) => ManualClockLike }>('platform/clock/clock');
  const { EVENT_STORE } = load<{ EVENT_STORE: unknown }>('platform/store/event-store.token');
  const dataDir = mkdtempSync(join(tmpdir(), 'periscol-agents-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig({ PORT: String(port), PERISCOL_DATA_DIR: dataDir, PERISCOL_DEMO: '1', PUBLIC_URL: baseUrl, PERISCOL_LOG_LEVEL: 'silent', PERISCOL_RATE_LIMIT_PER_MINUTE: '0', PERISCOL_RATE_LIMIT_AUTH_PER_MINUTE: '0', ...env }, { demoByDefault: true });
  const clock = new ManualClock(now);
  const app = await createApp(config, { clock, agentsDir: join(__dirname, '..', '..', 'public') });
  await app.listen(port, '127.0.0.1');
  return {
    baseUrl,
    clock,
    store: app.get<EventStore>(EVENT_STORE),
    async notifySimulatedPayment(payload: string) {
      const { OPERATIONS_DB } = load<{ OPERATIONS_DB: unknown }>('platform/operations/operations-database');
      const { SqliteSimulatedSessionStore } = load<{ SqliteSimulatedSessionStore: new (db: unknown) => { installationSecret(): string } }>('payments/providers/sqlite-simulated-session-store.adapter');
      const { signPayload } = load<{ signPayload(payload: string, secret: string, at: Date): string }>('payments/providers/signed-webhook');
      const secret = new SqliteSimulatedSessionStore(app.get(OPERATIONS_DB)).installationSecret();
      const res = await fetch(`${baseUrl}/api/payments/simulated/webhook`, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', 'Periscol-Signature': signPayload(payload, secret, clock.now()) },
        body: payload,
      });
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async stop() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

/** The API's answer to a JSON request, with a bearer token. */
export async function callApi<T = Record<string, unknown>>(baseUrl: string, method: string, path: string, token: string | null, body?: object, key?: string): Promise<{ status: number; body: T }> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (token) headers['Authorization'] = `Bearer ${token}`;
  if (body !== undefined) headers['Content-Type'] = 'application/json';
  if (key) headers['Idempotency-Key'] = key;
  const res = await fetch(`${baseUrl}${path}`, { method, headers, body: body === undefined ? undefined : JSON.stringify(body) });
  const text = await res.text();
  return { status: res.status, body: (text ? JSON.parse(text) : null) as T };
}

export async function demoToken(baseUrl: string, body: { role: string; familyId?: string }): Promise<string> {
  const res = await callApi<{ token: string }>(baseUrl, 'POST', '/api/auth/demo-token', null, body);
  if (res.status !== 200) throw new Error(`demo token ${JSON.stringify(body)}: ${res.status}`);
  return res.body.token;
}
