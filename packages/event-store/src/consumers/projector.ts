/**
 * Projectors: read models in a better-sqlite3 database, kept by a `ProjectorRunner` that follows
 * the store from each projector's checkpoint (in `consumer_checkpoints`). Every batch a projector
 * applies is written in ONE transaction together with its new checkpoint, so after a crash it
 * resumes exactly where its committed read model stands: no event applied twice, none skipped.
 * A projector that throws rolls back that batch (tables and checkpoint untouched), is marked
 * failed and stops there; the others go on. A version change drops and rebuilds the projector
 * (its `init` recreates its tables) and replays it from the start. When the store's subscription
 * stops on an error, the runner subscribes again from its checkpoints after a delay (doubling up
 * to a maximum) and says so in `subscriptionStatus()`; callers of `waitFor` keep waiting for it.
 */
import type Database from 'better-sqlite3';
import type { EventStore, StoredEvent, Subscription } from '../event-store.port';
import { CheckpointTable } from './checkpoints';
import { ProjectionFailedError, ProjectionWaitTimeoutError } from './consumer.errors';
import { PositionWaiters } from './position-waiters';
import { SetTimer, unrefTimer } from './reactor';

export interface Projector {
  /** Unique name; the checkpoint row's key. */
  readonly name: string;
  /** Bump it when the read model's shape or logic changes: the projector is then rebuilt. */
  readonly version: number;
  /** Creates the projector's tables from scratch (DROP … IF EXISTS then CREATE). Runs in a transaction. */
  init(db: Database.Database): void;
  /** Applies events in global order. Synchronous: it runs inside the batch's transaction. */
  apply(db: Database.Database, events: readonly StoredEvent[]): void;
  /** When given, `apply` is handed only the events it accepts (the checkpoint still moves past the others). */
  readonly canHandle?: (event: StoredEvent) => boolean;
}

export interface ProjectorRunnerOptions {
  readonly store: EventStore;
  readonly db: Database.Database;
  readonly projectors: readonly Projector[];
  /** Events per batch (and per transaction) while catching up (default 1000). */
  readonly batchSize?: number;
  /** Told when a projector fails or the store subscription stops on an error. */
  readonly onError?: (projector: string | undefined, error: unknown) => void;
  /** Delays before subscribing again after the subscription stopped on an error: first, then doubling up to max (default 1 s → 30 s). */
  readonly retry?: { readonly initialMs: number; readonly maxMs: number };
  /** Default: `setTimeout`, unref'd. */
  readonly setTimer?: SetTimer;
}

/** The same options under their former name (`projections`), so existing callers compile unchanged. */
export type ProjectionRunnerOptions = Omit<ProjectorRunnerOptions, 'projectors'> & { readonly projections: readonly Projector[] };

export interface ProjectorStatus {
  readonly name: string;
  readonly version: number;
  /** Global position of the last event applied (0: none yet). */
  readonly position: number;
  readonly failure?: unknown;
}

/** The store subscription feeding the projectors: `failing` from its error until it has caught up again. */
export interface ProjectorSubscriptionStatus {
  readonly running: boolean;
  readonly failing: boolean;
  readonly lastFailure?: string;
  /** Delay before the next subscription, while one is scheduled. */
  readonly retryInMs?: number;
}

interface ProjectorState {
  readonly projector: Projector;
  position: number;
  failure?: unknown;
}

export class ProjectorRunner {
  private readonly store: EventStore;
  private readonly db: Database.Database;
  private readonly batchSize: number;
  private readonly onError: (projector: string | undefined, error: unknown) => void;
  private readonly checkpoints: CheckpointTable;
  private readonly states: ProjectorState[];
  private readonly waiters = new PositionWaiters();
  private subscription: Subscription | undefined;
  private readonly retry: { readonly initialMs: number; readonly maxMs: number };
  private readonly setTimer: SetTimer;
  private running = false;
  /** Bumped by every subscription and by `stop`: a late callback of an older one is ignored. */
  private generation = 0;
  /** Subscription failures since the last catch-up. */
  private failures = 0;
  private lastFailure: unknown;
  private retryInMs: number | undefined;
  private cancelRestart: (() => void) | undefined;
  private readonly applyBatch: Database.Transaction<(state: ProjectorState, events: readonly StoredEvent[]) => void>;
  private readonly reset: Database.Transaction<(projector: Projector) => void>;
  /**
   * One transaction per delivered batch around every projector's own (nested, so a SAVEPOINT):
   * a projector that throws rolls back alone, the others commit together. A commit per
   * projector and batch cost ~9 % of the API's CPU under reservation load.
   */
  private readonly applyToAll: Database.Transaction<(events: readonly StoredEvent[], last: number) => ProjectorState[]>;

  constructor(options: ProjectorRunnerOptions | ProjectionRunnerOptions) {
    const projectors = 'projectors' in options ? options.projectors : options.projections;
    const names = projectors.map((p) => p.name);
    const duplicate = names.find((name, i) => names.indexOf(name) !== i);
    if (duplicate) throw new Error(`ProjectorRunner: two projectors are named ${duplicate}`);
    this.store = options.store;
    this.db = options.db;
    this.batchSize = options.batchSize ?? 1000;
    this.onError = options.onError ?? ((name, error) => console.error(`[projector-runner] ${name ?? 'subscription'} failed:`, error));
    this.retry = options.retry ?? { initialMs: 1000, maxMs: 30_000 };
    this.setTimer = options.setTimer ?? unrefTimer;
    this.checkpoints = new CheckpointTable(this.db);
    this.applyBatch = this.db.transaction((state: ProjectorState, events: readonly StoredEvent[]) => {
      const { projector } = state;
      const accepted = projector.canHandle ? events.filter((event) => projector.canHandle?.(event)) : events;
      if (accepted.length > 0) projector.apply(this.db, accepted);
      this.checkpoints.save(projector.name, projector.version, events[events.length - 1].position);
    });
    this.applyToAll = this.db.transaction((events: readonly StoredEvent[], last: number) => {
      const applied: ProjectorState[] = [];
      for (const state of this.states) {
        if (state.failure !== undefined || state.position >= last) continue;
        const pending = state.position < events[0].position ? events : events.filter((event) => event.position > state.position);
        try {
          this.applyBatch(state, pending);
          applied.push(state);
        } catch (error) {
          state.failure = error;
          this.onError(state.projector.name, error);
        }
      }
      return applied;
    });
    this.reset = this.db.transaction((projector: Projector) => {
      projector.init(this.db);
      this.checkpoints.save(projector.name, projector.version, 0);
    });
    this.states = projectors.map((projector) => {
      const saved = this.checkpoints.get(projector.name);
      if (saved && saved.version === projector.version) return { projector, position: saved.position };
      this.reset(projector);
      return { projector, position: 0 };
    });
  }

  /** Catches up from the lowest checkpoint, then follows live appends. */
  start(): void {
    if (this.running) return;
    this.running = true;
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    this.cancelRestart?.();
    this.cancelRestart = undefined;
    this.failures = 0;
    this.lastFailure = undefined;
    this.retryInMs = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
  }

  subscriptionStatus(): ProjectorSubscriptionStatus {
    const failing = this.failures > 0;
    return {
      running: this.running,
      failing,
      ...(failing ? { lastFailure: this.lastFailure instanceof Error ? this.lastFailure.message : String(this.lastFailure) } : {}),
      ...(this.retryInMs === undefined ? {} : { retryInMs: this.retryInMs }),
    };
  }

  /** Drops and replays one projector (or all): `init` recreates its tables, checkpoint 0. Clears failures. */
  async rebuild(name?: string): Promise<void> {
    const targets = this.states.filter((state) => name === undefined || state.projector.name === name);
    if (name !== undefined && targets.length === 0) throw new Error(`ProjectorRunner: no projector named ${name}`);
    const wasRunning = this.running;
    await this.stop();
    for (const state of targets) {
      this.reset(state.projector);
      state.position = 0;
      state.failure = undefined;
    }
    if (wasRunning) this.start();
  }

  /**
   * Resolves once every projector has applied the event at `position` (read-your-writes: pass
   * the `lastPosition` of an append). Rejects with `ProjectionFailedError` if a projector failed,
   * and with `ProjectionWaitTimeoutError` after `timeoutMs` when given.
   */
  waitFor(position: number, options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.reached(position)) return Promise.resolve();
    const blocked = this.blockingFailure(position);
    if (blocked) return Promise.reject(blocked);
    return this.waiters.wait(position, options.timeoutMs, () => new ProjectionWaitTimeoutError(position));
  }

  status(): ProjectorStatus[] {
    return this.states.map((state) => ({
      name: state.projector.name,
      version: state.projector.version,
      position: state.position,
      ...(state.failure === undefined ? {} : { failure: state.failure }),
    }));
  }

  private subscribe(): void {
    const generation = ++this.generation;
    const healthy = this.states.filter((state) => state.failure === undefined);
    if (healthy.length === 0) return;
    const failuresBefore = this.failures;
    this.subscription = this.store.subscribeToAll({
      after: Math.min(...healthy.map((state) => state.position)),
      batchSize: this.batchSize,
      handler: (events) => this.handle(events),
      onError: (error) => this.subscriptionFailed(error, generation),
    });
    // Back after a failure with nothing new to apply: recovered once at the store's head.
    if (failuresBefore > 0) {
      void this.store.headPosition().then(
        (head) => {
          if (generation === this.generation && this.failures === failuresBefore && this.reached(head)) this.failures = 0;
        },
        () => undefined,
      );
    }
  }

  private subscriptionFailed(error: unknown, generation: number): void {
    if (generation !== this.generation) return;
    this.subscription = undefined;
    this.failures += 1;
    this.lastFailure = error;
    this.onError(undefined, error);
    if (!this.running) return;
    const delay = Math.min(this.retry.maxMs, this.retry.initialMs * 2 ** Math.min(this.failures - 1, 20));
    this.retryInMs = delay;
    this.cancelRestart = this.setTimer(() => {
      this.cancelRestart = undefined;
      this.retryInMs = undefined;
      if (this.running && generation === this.generation) this.subscribe();
    }, delay);
  }

  private handle(events: readonly StoredEvent[]): void {
    const last = events[events.length - 1].position;
    // Positions move only once the outer transaction has committed.
    for (const state of this.applyToAll(events, last)) state.position = last;
    this.failures = 0;
    this.settleWaiters();
  }

  private reached(position: number): boolean {
    return this.states.every((state) => state.position >= position);
  }

  /** Why `position` can never be reached, if it cannot. */
  private blockingFailure(position: number): unknown {
    const failed = this.states.find((state) => state.failure !== undefined && state.position < position);
    if (failed) return new ProjectionFailedError(failed.projector.name, failed.failure);
    return undefined;
  }

  private settleWaiters(): void {
    this.waiters.settle(
      (position) => this.reached(position),
      (position) => this.blockingFailure(position),
    );
  }
}
