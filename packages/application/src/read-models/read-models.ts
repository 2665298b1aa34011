import { ProjectionRunner, type EventStore, type ProjectionStatus } from '@periscol/event-store';
import type Database from 'better-sqlite3';
import { attendanceQueries } from './attendance.read-model';
import { familySearchQueries } from './family-search.read-model';
import { ownersQueries } from './owners.read-model';
import { pendingOrdersQueries } from './pending-orders.read-model';
import { personsQueries } from './persons.read-model';
import { openReadDatabase, truncateReadDatabaseWal } from './read-database';
import { FAMILY_STREAM_PREFIX } from '../streams/stream-names';
import { READ_MODEL_PROJECTIONS } from './read-model-list';
import type { ReadModelProjection } from './read-model';

/** How long a caller waits for the read models before giving up (a stuck or failed projection). */
export const READ_MODEL_WAIT_MS = 15_000;

/** The read models could not reach a position in time (a projection failed or is stuck). */
export class ReadModelsUnavailableError extends Error {
  readonly code = 'READ_MODELS_UNAVAILABLE' as const;
  constructor(
    readonly position: number,
    override readonly cause: unknown,
  ) {
    super(`The read models did not reach position ${position}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'ReadModelsUnavailableError';
  }
}

/** What the read models tell their host (a pino logger fits). */
export interface ReadModelsLogger {
  warn(details: object, message: string): void;
  error(details: object, message: string): void;
}

export interface ReadModelsOptions {
  readonly store: EventStore;
  /** The read database's file (`:memory:` for throw-away replays). */
  readonly file: string;
  readonly logger?: ReadModelsLogger;
  readonly waitTimeoutMs?: number;
}

/** Tries to empty the WAL after an erasure, with growing delays up to 1 s (about 10 s in all). */
const WAL_EMPTYING_ATTEMPTS = 15;

const isErasure = (event: { readonly type: string; readonly streamId: string }) => event.type === 'PersonalDataErased' && event.streamId.startsWith(FAMILY_STREAM_PREFIX);

const silent: ReadModelsLogger = { warn: () => undefined, error: () => undefined };

/**
 * The read database of one process and the runner feeding it from the store's subscription
 * (checkpointed, one transaction per batch). Read-your-writes: a command waits for
 * `waitFor(position of its events)`; a query first calls `catchUp()`, which waits for the
 * store's head, so a read also reflects what another process just wrote. The typed queries of
 * each read model hang off this object: no other code reads these tables.
 */
export class ReadModels {
  readonly db: Database.Database;
  readonly projections: readonly ReadModelProjection[] = READ_MODEL_PROJECTIONS;
  readonly persons: ReturnType<typeof personsQueries>;
  readonly owners: ReturnType<typeof ownersQueries>;
  readonly attendance: ReturnType<typeof attendanceQueries>;
  readonly pendingOrders: ReturnType<typeof pendingOrdersQueries>;
  readonly familySearch: ReturnType<typeof familySearchQueries>;
  private readonly store: EventStore;
  private readonly logger: ReadModelsLogger;
  private readonly waitTimeoutMs: number;
  private readonly runner: ProjectionRunner;
  private readonly appliedSinceStart = new Map<string, number>();
  private readonly resetListeners: (() => void)[] = [];
  private walEmptying: NodeJS.Timeout | undefined;

  constructor(options: ReadModelsOptions) {
    this.store = options.store;
    this.logger = options.logger ?? silent;
    this.waitTimeoutMs = options.waitTimeoutMs ?? READ_MODEL_WAIT_MS;
    this.db = openReadDatabase(options.file);
    this.runner = new ProjectionRunner({
      store: this.store,
      db: this.db,
      projections: this.projections.map((projection) => ({
        ...projection,
        apply: (db, events) => {
          projection.apply(db, events);
          this.appliedSinceStart.set(projection.name, (this.appliedSinceStart.get(projection.name) ?? 0) + events.length);
          if (events.some(isErasure)) this.emptyWalAfterCommit();
        },
      })),
      onError: (projection, error) => this.logger.error({ err: error, projection: projection ?? '(subscription)' }, 'projection failed'),
    });
    // Prepared after the runner created (or migrated) the tables.
    this.persons = personsQueries(this.db);
    this.owners = ownersQueries(this.db);
    this.attendance = attendanceQueries(this.db);
    this.pendingOrders = pendingOrdersQueries(this.db);
    this.familySearch = familySearchQueries(this.db);
  }

  /**
   * R17 in every process, not only the one that erased: the WAL frames written before an erasure
   * still hold the erased rows, so once the batch that applied it has committed (the projection
   * transaction is synchronous: the next turn of the loop comes after it), the WAL is copied into
   * the file and emptied. A reader holding an old snapshot delays it; it is tried again.
   */
  private emptyWalAfterCommit(attempt = 0): void {
    if (this.walEmptying !== undefined && attempt === 0) return;
    this.walEmptying = setTimeout(() => {
      this.walEmptying = undefined;
      if (!this.db.open) return;
      if (truncateReadDatabaseWal(this.db)) return;
      if (attempt < WAL_EMPTYING_ATTEMPTS) this.emptyWalAfterCommit(attempt + 1);
      else this.logger.warn({ attempts: attempt + 1 }, 'personal data erased, but a reader kept the read database WAL that still holds it');
    }, attempt === 0 ? 0 : Math.min(1000, 10 * 2 ** attempt));
    this.walEmptying.unref?.();
  }

  /** Told when the read database starts again from scratch (caches built on it must be dropped). */
  onReset(listener: () => void): void {
    this.resetListeners.push(listener);
  }

  /** Catches up from the checkpoints, then follows the store. */
  async start(): Promise<void> {
    // A read database ahead of its store (the store was replaced or restored from a backup)
    // describes another history: start it again from scratch.
    const head = await this.store.headPosition();
    if (this.runner.status().some((projection) => projection.position > head)) {
      this.logger.warn({ head }, 'read database ahead of the event store: rebuilding it');
      await this.rebuild();
    }
    this.runner.start();
  }

  async stop(): Promise<void> {
    await this.runner.stop();
    if (this.walEmptying !== undefined) {
      clearTimeout(this.walEmptying);
      this.walEmptying = undefined;
      if (this.db.open) truncateReadDatabaseWal(this.db);
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Resolves once every projection has applied `position`; `ReadModelsUnavailableError` if they cannot. */
  async waitFor(position: number): Promise<void> {
    try {
      await this.runner.waitFor(position, { timeoutMs: this.waitTimeoutMs });
    } catch (error) {
      this.logger.error({ err: error, position }, 'read models unavailable');
      throw new ReadModelsUnavailableError(position, error);
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
    for (const listener of this.resetListeners) listener();
    await this.runner.rebuild();
  }

  status(): ProjectionStatus[] {
    return this.runner.status();
  }

  /** Each projection's checkpoint (the position its tables stand at), read now. */
  positions(): ReadonlyMap<string, number> {
    return new Map(this.runner.status().map((projection) => [projection.name, projection.position]));
  }

  /** Events each projection applied since this process started (after a restart: only new ones). */
  eventsAppliedSinceStart(): Record<string, number> {
    return Object.fromEntries(this.projections.map((projection) => [projection.name, this.appliedSinceStart.get(projection.name) ?? 0]));
  }

  /** For a health route: failed projections and how far behind the store they are. */
  async health(): Promise<{ ok: boolean; detail: string }> {
    const status = this.runner.status();
    const failed = status.filter((projection) => projection.failure !== undefined).map((projection) => projection.name);
    const head = await this.store.headPosition();
    const lag = Math.max(0, head - Math.min(...status.map((projection) => projection.position)));
    if (failed.length > 0) return { ok: false, detail: `failed: ${failed.join(', ')}; lag ${lag} events` };
    // The store subscription stopped on an error: the runner subscribes again after a delay,
    // and until it has caught up, commands wait for read models that do not move.
    const subscription = this.runner.subscriptionStatus();
    if (subscription.failing) {
      const retry = subscription.retryInMs === undefined ? '' : `, next attempt in ${subscription.retryInMs} ms`;
      return { ok: false, detail: `store subscription failing (${subscription.lastFailure ?? 'unknown error'})${retry}; lag ${lag} events` };
    }
    return { ok: true, detail: `lag ${lag} events` };
  }
}
