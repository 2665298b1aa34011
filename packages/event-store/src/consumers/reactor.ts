/**
 * Reactors: side effects (tickets, e-mails, documents) driven by the store's subscription from a
 * checkpoint in `consumer_checkpoints`. Events are handled one at a time in global order; the
 * checkpoint is advanced AFTER the effects of a batch, once per batch that did work (a write
 * with an fsync, not one per event) or when it lags `maxCheckpointLag` events behind. A crash
 * therefore repeats at most the events since the last save: effects must be idempotent. A
 * failure saves what was completed, stops the subscription and restarts it from the checkpoint
 * after a delay (doubling up to a maximum), so nothing is skipped. Several processes may run
 * the same reactor: the checkpoint only moves forward.
 */
import type Database from 'better-sqlite3';
import type { EventStore, StoredEvent, Subscription } from '../event-store.port';
import { CheckpointTable } from './checkpoints';
import { ReactorWaitTimeoutError } from './consumer.errors';
import { PositionWaiters } from './position-waiters';

export interface Reactor {
  /** Unique name; the checkpoint row's key (shared by every process running this reactor). */
  readonly name: string;
  /** Default 1. A change handles every event again from the start: bump it only when the new effect must cover the past. */
  readonly version?: number;
  /** When given, `react` is called only for the events it accepts. */
  canHandle?(event: StoredEvent): boolean;
  /**
   * The effect; idempotent (after a crash the events since the last save are handled again).
   * Resolve `false` when the event needed nothing: the checkpoint write is then put off.
   */
  react(event: StoredEvent): Promise<boolean | void>;
}

/** Schedules `callback` after `delayMs`; returns a function that cancels it. */
export type SetTimer = (callback: () => void, delayMs: number) => () => void;

export interface ReactorFailure {
  readonly reactor: string;
  /** `stopped`: the subscription stopped and restarts after `retryInMs`. `checkpoint`: a save of completed work failed (the next start reads a little more). */
  readonly kind: 'stopped' | 'checkpoint';
  readonly retryInMs?: number;
}

export interface ReactorRunnerOptions {
  readonly store: EventStore;
  /** The database holding `consumer_checkpoints` (shared by every process on the data folder). */
  readonly db: Database.Database;
  readonly reactor: Reactor;
  /** Events read per batch (default 200). */
  readonly batchSize?: number;
  /** Delays before restarting after a failure: first, then doubling up to max (default 1 s → 60 s). */
  readonly retry?: { readonly initialMs: number; readonly maxMs: number };
  /** Events a batch without work may leave between the saved checkpoint and the handled position (default 1000). */
  readonly maxCheckpointLag?: number;
  readonly onError?: (error: unknown, failure: ReactorFailure) => void;
  /** Default: `setTimeout`, unref'd (a pending restart does not keep the process alive). */
  readonly setTimer?: SetTimer;
}

export interface ReactorStatus {
  readonly position: number;
  readonly failing: boolean;
  readonly lastFailure?: string;
}

export const unrefTimer: SetTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};

export class ReactorRunner {
  private readonly store: EventStore;
  private readonly reactor: Reactor;
  private readonly version: number;
  private readonly checkpoints: CheckpointTable;
  private readonly batchSize: number;
  private readonly retry: { readonly initialMs: number; readonly maxMs: number };
  private readonly maxLag: number;
  private readonly onError: (error: unknown, failure: ReactorFailure) => void;
  private readonly setTimer: SetTimer;
  private readonly waiters = new PositionWaiters();
  private subscription: Subscription | undefined;
  /** Bumped by every (re)subscription and by `stop`: a handler of an older one stops early. */
  private generation = 0;
  private cancelRestart: (() => void) | undefined;
  private running = false;
  /** Every event up to here has been handled (by this process, or by another before our start). */
  private processed = 0;
  /** The position last saved (or read) as the checkpoint. */
  private saved = 0;
  private failures = 0;
  private lastFailure: unknown;

  constructor(options: ReactorRunnerOptions) {
    this.store = options.store;
    this.reactor = options.reactor;
    this.version = options.reactor.version ?? 1;
    this.checkpoints = new CheckpointTable(options.db);
    this.batchSize = options.batchSize ?? 200;
    this.retry = options.retry ?? { initialMs: 1000, maxMs: 60_000 };
    this.maxLag = options.maxCheckpointLag ?? 1000;
    this.onError = options.onError ?? ((error, failure) => console.error(`[reactor] ${failure.reactor} ${failure.kind}:`, error));
    this.setTimer = options.setTimer ?? unrefTimer;
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.subscribe();
  }

  /**
   * Starts from `position` at least: the saved checkpoint is first moved forward to it (work done
   * by another process, as a lease records it). A checkpoint already past it stays.
   */
  startAfter(position: number): void {
    if (this.running) return;
    this.checkpoints.advance(this.reactor.name, this.version, position);
    this.start();
  }

  /** Stops following the store and saves the checkpoint of the work completed. */
  async stop(): Promise<void> {
    this.running = false;
    this.generation++;
    this.cancelRestart?.();
    this.cancelRestart = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    if (this.processed > this.saved) this.trySave();
  }

  /** Global position up to which every event has been handled. */
  position(): number {
    return this.processed;
  }

  status(): ReactorStatus {
    const failing = this.failures > 0;
    return {
      position: this.processed,
      failing,
      ...(failing ? { lastFailure: this.lastFailure instanceof Error ? this.lastFailure.message : String(this.lastFailure) } : {}),
    };
  }

  /** Resolves once every event up to `position` has been handled; `ReactorWaitTimeoutError` after `timeoutMs`. */
  waitFor(position: number, options: { timeoutMs?: number } = {}): Promise<void> {
    if (this.processed >= position) return Promise.resolve();
    return this.waiters.wait(position, options.timeoutMs, () => new ReactorWaitTimeoutError(this.reactor.name, position));
  }

  /** Resolves once everything in the store when called has been handled. */
  async settled(options: { timeoutMs?: number } = {}): Promise<void> {
    await this.waitFor(await this.store.headPosition(), options);
  }

  private subscribe(): void {
    const generation = ++this.generation;
    try {
      const checkpoint = this.checkpoints.get(this.reactor.name);
      if (checkpoint !== undefined && checkpoint.version !== this.version) {
        this.checkpoints.save(this.reactor.name, this.version, 0);
        this.processed = 0;
      }
      this.saved = checkpoint?.version === this.version ? checkpoint.position : 0;
      this.advanceTo(this.saved);
      this.subscription = this.store.subscribeToAll({
        after: this.processed,
        batchSize: this.batchSize,
        handler: (events) => this.handle(events, generation),
        onError: (error) => this.failed(error, generation),
      });
    } catch (error) {
      this.failed(error, generation);
    }
  }

  private async handle(events: readonly StoredEvent[], generation: number): Promise<void> {
    let worked = false;
    try {
      for (const event of events) {
        if (generation !== this.generation) break;
        if (event.position <= this.processed) continue;
        if (this.reactor.canHandle?.(event) ?? true) {
          if ((await this.reactor.react(event)) !== false) worked = true;
        }
        this.advanceTo(event.position);
      }
    } catch (error) {
      // Keep the events completed before the failure: only the failed one is tried again.
      if (worked) this.trySave();
      throw error;
    }
    if (worked || this.processed - this.saved >= this.maxLag) this.save();
    this.failures = 0;
  }

  private save(): void {
    this.checkpoints.advance(this.reactor.name, this.version, this.processed);
    this.saved = this.processed;
  }

  /** A save that is only a shortcut for the next start: if it fails, that start reads a little more. */
  private trySave(): void {
    try {
      this.save();
    } catch (error) {
      this.onError(error, { reactor: this.reactor.name, kind: 'checkpoint' });
    }
  }

  private failed(error: unknown, generation: number): void {
    if (generation !== this.generation) return;
    this.subscription = undefined;
    this.failures += 1;
    this.lastFailure = error;
    if (!this.running) return;
    const delay = Math.min(this.retry.maxMs, this.retry.initialMs * 2 ** Math.min(this.failures - 1, 20));
    this.onError(error, { reactor: this.reactor.name, kind: 'stopped', retryInMs: delay });
    this.cancelRestart = this.setTimer(() => {
      this.cancelRestart = undefined;
      if (this.running) this.subscribe();
    }, delay);
  }

  private advanceTo(position: number): void {
    if (position <= this.processed) return;
    this.processed = position;
    this.waiters.settle((waited) => waited <= position);
  }
}
