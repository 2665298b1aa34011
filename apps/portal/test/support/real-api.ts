/**
 * Starts the real API in-process (`createApp` of apps/api) on real SQLite files in a temp dir,
 * demo mode, simulated payments, e-mails to the outbox, a ManualClock, listening on 127.0.0.1.
 * The API is loaded by path at run time: it is another app (lint forbids importing an app from
 * an app) and it is being built alongside the portal, so a missing piece fails with a clear message.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const API_SRC = join(__dirname, '..', '..', '..', 'api', 'src');

interface ManualClockLike {
  now(): Date;
  set(instant: Date | string): void;
}
interface NestAppLike {
  listen(port: number, host: string): Promise<unknown>;
  close(): Promise<void>;
}
interface ApiModules {
  createApp(config: unknown, overrides: { clock?: ManualClockLike; portalDir?: string | null }): Promise<NestAppLike>;
  loadConfig(env: Record<string, string>, options?: { demoByDefault?: boolean }): unknown;
  ManualClock: new (start?: Date | string) => ManualClockLike;
}

function loadApiModules(): ApiModules {
  const load = (file: string) => {
    try {
      return jest.requireActual<Record<string, unknown>>(join(API_SRC, file));
    } catch (error) {
      throw new Error(`cannot load apps/api/src/${file}: ${(error as Error).message}`);
    }
  };
  const { createApp } = load('app.factory') as Pick<ApiModules, 'createApp'>;
  const { loadConfig } = load('platform/config/app-config') as Pick<ApiModules, 'loadConfig'>;
  const { ManualClock } = load('platform/clock/clock') as Pick<ApiModules, 'ManualClock'>;
  if (typeof createApp !== 'function' || typeof loadConfig !== 'function' || typeof ManualClock !== 'function') {
    throw new Error('apps/api/src must export createApp (app.factory), loadConfig (platform/config/app-config) and ManualClock (platform/clock/clock)');
  }
  return { createApp, loadConfig, ManualClock };
}

async function freePort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

export interface RunningApi {
  baseUrl: string;
  clock: ManualClockLike;
  dataDir: string;
  stop(): Promise<void>;
}

/** `env`: more of the API's settings, e.g. `{ PERISCOL_PAYMENTS: 'payfip', PAYFIP_SIMULATOR: '1' }`. */
export async function startRealApi(now: Date, env: Record<string, string> = {}): Promise<RunningApi> {
  const { createApp, loadConfig, ManualClock } = loadApiModules();
  const dataDir = mkdtempSync(join(tmpdir(), 'periscol-portal-e2e-'));
  const port = await freePort();
  const baseUrl = `http://127.0.0.1:${port}`;
  const config = loadConfig(
    { PORT: String(port), PERISCOL_DATA_DIR: dataDir, PERISCOL_DEMO: '1', PUBLIC_URL: baseUrl, PERISCOL_LOG_LEVEL: 'silent', ...env },
    { demoByDefault: true },
  );
  const clock = new ManualClock(now);
  const app = await createApp(config, { clock, portalDir: join(__dirname, '..', '..', 'public') });
  await app.listen(port, '127.0.0.1');
  return {
    baseUrl,
    clock,
    dataDir,
    async stop() {
      await app.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
