import { Inject, Injectable, OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EventStore, ProjectionRunner, ProjectionStatus } from '@periscol/event-store';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { HealthChecks } from '../health/health-checks';
import { ApiError } from '../http/api-error';
import { LOGGER } from '../logging/logger';
import { EVENT_STORE } from '../store/event-store.token';
import { READ_MODEL_PROJECTIONS } from './projections';
import { openReadDatabase, readDatabaseFile } from './read-database';
import type { ReadModelProjection } from './read-model.projection';

/** How long a request waits for the read models before answering 503 (a stuck or failed projection). */
export const READ_MODEL_WAIT_MS = 15_000;

/**
 * The read database of this process and the `ProjectionRunner` feeding it from the store's
 * subscription (checkpointed, one transaction per batch and projection). Read-your-writes: a
 * command waits for `waitFor(position of its events)`; a query first calls `catchUp()`, which
 * waits for the store's head, so a read also reflects what another process just wrote.
 */
@Injectable()
export class ReadModels implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  readonly db: Database.Database;
  readonly projections: readonly ReadModelProjection[] = READ_MODEL_PROJECTIONS;
  private readonly runner: ProjectionRunner;
  private readonly appliedSinceStart = new Map<string, number>();

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(LOGGER) private readonly logger: Logger,
    private readonly healthChecks: HealthChecks,
  ) {
    this.db = openReadDatabase(readDatabaseFile(config));
    this.runner = new ProjectionRunner({
      store,
      db: this.db,
      projections: this.projections.map((projection) => ({
        ...projection,
        apply: (db, events) => {
          projection.apply(db, events);
          this.appliedSinceStart.set(projection.name, (this.appliedSinceStart.get(projection.name) ?? 0) + events.length);
        },
      })),
      onError: (projection, error) => this.logger.error({ err: error, projection: projection ?? '(subscription)' }, 'projection failed'),
    });
  }

  async onModuleInit(): Promise<void> {
    // A read database ahead of its store (the store was replaced or restored from a backup)
    // describes another history: start it again from scratch.
    const head = await this.store.headPosition();
    if (this.runner.status().some((projection) => projection.position > head)) {
      this.logger.warn({ head }, 'read database ahead of the event store: rebuilding it');
      const snapshots = this.db.prepare("SELECT COUNT(*) AS n FROM sqlite_master WHERE type = 'table' AND name = 'family_snapshots'").get() as { n: number };
      if (snapshots.n > 0) this.db.exec('DELETE FROM family_snapshots');
      await this.runner.rebuild();
    }
    this.runner.start();
    this.healthChecks.register({ name: 'projections', run: () => this.health() });
  }

  async onModuleDestroy(): Promise<void> {
    await this.runner.stop();
  }

  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
  }

  /** Resolves once every projection has applied `position` (503 if they cannot). */
  async waitFor(position: number): Promise<void> {
    try {
      await this.runner.waitFor(position, { timeoutMs: READ_MODEL_WAIT_MS });
    } catch (error) {
      this.logger.error({ err: error, position }, 'read models unavailable');
      throw new ApiError('SERVICE_UNAVAILABLE', 'The read models are not available; retry in a moment');
    }
  }

  /** Waits until the read models reflect everything in the store right now. */
  async catchUp(): Promise<number> {
    const head = await this.store.headPosition();
    await this.waitFor(head);
    return head;
  }

  /** Drops every projection's tables and replays the whole history into them. */
  async rebuild(): Promise<void> {
    await this.runner.rebuild();
  }

  status(): ProjectionStatus[] {
    return this.runner.status();
  }

  /** Events each projection applied since this process started (after a restart: only new ones). */
  eventsAppliedSinceStart(): Record<string, number> {
    return Object.fromEntries(this.projections.map((projection) => [projection.name, this.appliedSinceStart.get(projection.name) ?? 0]));
  }

  private async health(): Promise<{ ok: boolean; detail: string }> {
    const status = this.runner.status();
    const failed = status.filter((projection) => projection.failure !== undefined).map((projection) => projection.name);
    const head = await this.store.headPosition();
    const lag = Math.max(0, head - Math.min(...status.map((projection) => projection.position)));
    if (failed.length > 0) return { ok: false, detail: `failed: ${failed.join(', ')}; lag ${lag} events` };
    return { ok: true, detail: `lag ${lag} events` };
  }
}
