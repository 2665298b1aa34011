import * as fs from 'node:fs';
import * as path from 'node:path';
import type { ModuleMetadata } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { EventStore, openEventStore } from '@periscol/event-store';
import type { Logger } from 'pino';
import { MAX_ABSENCE_PROOF_BYTES, type Catalog } from '@periscol/reservation-domain';
import { AppModule } from './app.module';
import { CATALOG } from './platform/application/application.module';
import { JwtTokenService } from './platform/auth/jwt-token.service';
import { Clock, SystemClock } from './platform/clock/clock';
import type { AppConfig } from './platform/config/app-config';
import { bodyParsing } from './platform/http/body-parsing';
import { answerHttpParserErrors } from './platform/http/http-parser-errors';
import { rateLimiting } from './platform/http/rate-limit.middleware';
import { securityHeaders } from './platform/http/security-headers';
import { createLogger, PinoNestLogger } from './platform/logging/logger';
import { requestLogger } from './platform/logging/request-logger.middleware';

/** `apps/portal/public`, from `apps/api/src` (tests) and `apps/api/dist` (built) alike. */
export const DEFAULT_PORTAL_DIR = path.resolve(__dirname, '../../portal/public');
/** `apps/agents/public`, the agents' back office, served at `/agents/`. */
export const DEFAULT_AGENTS_DIR = path.resolve(__dirname, '../../agents/public');

export interface AppOverrides {
  /** Default: the system clock. Tests pass a `ManualClock`. */
  readonly clock?: Clock;
  /** Default: opened from the config (SQLite in `dataDir`, or EventStoreDB) and closed with the app. A store passed here is the caller's to close. */
  readonly eventStore?: EventStore;
  /** Default: pino to stdout at `config.logLevel`. */
  readonly logger?: Logger;
  /** Folder served at `/`; default `apps/portal/public` when it exists; null: none. */
  readonly portalDir?: string | null;
  /** Folder served at `/agents/`; default `apps/agents/public` when it exists; null: none. */
  readonly agentsDir?: string | null;
  /** Extra Nest modules: the feature modules, or test probes. */
  readonly imports?: ModuleMetadata['imports'];
}

/**
 * Builds the whole application — used by `main.ts` and by the e2e tests, so tests run the real
 * app (real SQLite files in a temp dir, a ManualClock). Returns it initialised but not
 * listening: call `app.listen(port)`, or hand `app.getHttpServer()` to supertest.
 */
export async function createApp(config: AppConfig, overrides: AppOverrides = {}): Promise<NestExpressApplication> {
  const logger = overrides.logger ?? createLogger({ level: config.logLevel, instanceId: config.instanceId });
  const clock = overrides.clock ?? new SystemClock();
  const ownsStore = overrides.eventStore === undefined;
  const store =
    overrides.eventStore ??
    (await openEventStore({ dataDir: config.dataDir, eventStoreConnectionString: config.eventStoreConnectionString ?? undefined, postgresConnectionString: config.postgresConnectionString ?? undefined, clock: () => clock.now() }));

  let app: NestExpressApplication | undefined;
  try {
    app = await NestFactory.create<NestExpressApplication>(
      AppModule.register({ config, clock, logger, store, ownsStore, imports: overrides.imports }),
      // Our own body parsing (JSON errors in the contract's shape, raw webhook bodies);
      // abortOnError false: a start-up failure throws instead of exiting the process.
      { bodyParser: false, logger: new PinoNestLogger(logger), abortOnError: false },
    );
    const express = app.getHttpAdapter().getInstance() as { disable(setting: string): void; set(setting: string, value: unknown): void };
    express.disable('x-powered-by');
    answerHttpParserErrors(app.getHttpServer());
    // The client address of rate limits: X-Forwarded-For is believed through this many proxies only.
    express.set('trust proxy', config.trustProxyHops);
    app.use(requestLogger(logger));
    // Headers first, so that every answer carries them, refusals by the steps below included.
    app.use(securityHeaders({ publicUrl: config.publicUrl }));
    const tokens = app.get(JwtTokenService);
    app.use(rateLimiting({ limits: config.rateLimits, clock, verifiedActor: (token) => tokens.actorOf(token) }));
    const catalog = app.get<Catalog>(CATALOG, { strict: false });
    app.use(bodyParsing({ limitBytes: config.bodyLimitBytes, logger, proofLimitBytes: catalog.absences?.maxProofBytes ?? MAX_ABSENCE_PROOF_BYTES }));
    const agentsDir = overrides.agentsDir === undefined ? DEFAULT_AGENTS_DIR : overrides.agentsDir;
    if (agentsDir && fs.existsSync(agentsDir)) {
      // Before the portal: `/agents` is redirected to `/agents/`, whose files are the back office's.
      app.use('/agents', (require('express') as ExpressStatic).static(agentsDir, { index: 'index.html', redirect: true }));
    }
    const portalDir = overrides.portalDir === undefined ? DEFAULT_PORTAL_DIR : overrides.portalDir;
    if (portalDir && fs.existsSync(portalDir)) {
      // serve-static asks the disk (fs.stat) for every request it sees: ~9 % of the CPU of
      // planning reads under load. API paths never name a portal file, so they skip it.
      const serveStatic = (require('express') as ExpressStatic).static(portalDir, { index: 'index.html', redirect: false });
      app.use((req: { url: string }, res: unknown, next: () => void) => (isApiPath(req.url) ? next() : serveStatic(req, res, next)));
    }
    // Start-up checks (routes without an access policy…) run here, before anything listens.
    await app.init();
    return app;
  } catch (error) {
    await app?.close().catch(() => undefined);
    if (ownsStore) await store.close().catch(() => undefined);
    throw error;
  }
}

type ExpressStatic = { static(root: string, options: object): (req: unknown, res: unknown, next: () => void) => void };

function isApiPath(url: string): boolean {
  return url === '/api' || url.startsWith('/api/') || url.startsWith('/api?');
}
