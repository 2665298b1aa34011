import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { ModuleMetadata } from '@nestjs/common';
import type { NestExpressApplication } from '@nestjs/platform-express';
import type { EventStore } from '@periscol/event-store';
import pino from 'pino';
import { createApp } from '../../src/app.factory';
import { ManualClock } from '../../src/platform/clock/clock';
import { AppConfig, loadConfig } from '../../src/platform/config/app-config';
import { EVENT_STORE } from '../../src/platform/store/event-store.token';

export const TEST_START = '2026-11-26T09:00:00.000Z';

export interface TestApp {
  readonly app: NestExpressApplication;
  readonly url: string;
  readonly clock: ManualClock;
  readonly config: AppConfig;
  readonly dataDir: string;
  readonly store: EventStore;
  /** Every log line the app wrote, parsed. */
  readonly logs: Record<string, unknown>[];
  /** Closes the app (and its SQLite store); `keepData` leaves the folder for a restart. */
  close(options?: { keepData?: boolean }): Promise<void>;
}

export interface TestAppOptions {
  readonly env?: Record<string, string>;
  readonly config?: Partial<AppConfig>;
  readonly imports?: ModuleMetadata['imports'];
  readonly dataDir?: string;
  readonly clock?: ManualClock;
  readonly portalDir?: string | null;
}

/** The real app on a real SQLite file in a temp dir, a ManualClock, logs captured (quiet). */
export async function startTestApp(options: TestAppOptions = {}): Promise<TestApp> {
  const ownDir = options.dataDir === undefined;
  const dataDir = options.dataDir ?? fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-api-'));
  const config: AppConfig = {
    ...loadConfig({ PERISCOL_DATA_DIR: dataDir, PERISCOL_DEMO: '1', PORT: '0', ...options.env }),
    ...options.config,
  };
  const clock = options.clock ?? new ManualClock(TEST_START);
  const logs: Record<string, unknown>[] = [];
  const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as Record<string, unknown>) });
  let app: NestExpressApplication;
  try {
    app = await createApp(config, { clock, logger, imports: options.imports, portalDir: options.portalDir ?? null });
  } catch (error) {
    if (ownDir) fs.rmSync(dataDir, { recursive: true, force: true });
    throw error;
  }
  await app.listen(0, '127.0.0.1');
  const address = app.getHttpServer().address();
  if (!address || typeof address === 'string') throw new Error('no TCP address');
  return {
    app,
    url: `http://127.0.0.1:${address.port}`,
    clock,
    config,
    dataDir,
    store: app.get<EventStore>(EVENT_STORE),
    logs,
    async close({ keepData = false } = {}) {
      await app.close();
      if (!keepData) fs.rmSync(dataDir, { recursive: true, force: true });
    },
  };
}
