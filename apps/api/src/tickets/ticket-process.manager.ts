import type { EventStore, StoredEvent, Subscription } from '@periscol/event-store';
import type { Logger } from 'pino';
import { familyIdOfStream } from './family-stream';
import type { ProcessCheckpoints } from './process-checkpoints.store';
import type { TicketIssuer } from './ticket-issuer.service';

export interface TicketProcessOptions {
  /** Checkpoint name (shared by every process on the data folder). */
  readonly name?: string;
  readonly batchSize?: number;
  /** Delays before restarting after a failure: first, then doubling up to max (real time). */
  readonly retry?: { readonly initialMs: number; readonly maxMs: number };
}

interface Waiter {
  readonly position: number;
  readonly resolve: () => void;
}

const CREDIT_NOTE_SOURCES = new Set(['cancellation', 'closure']);

/** Events a batch without work may leave between the saved checkpoint and the handled position. */
export const CHECKPOINT_MAX_LAG = 1_000;

/**
 * The process manager of R8 and credit notes, driven by the store's subscription (never an
 * in-process event bus) from a saved checkpoint: on `PaymentConfirmed` it makes sure the payment
 * has its ticket — numbered, recorded and e-mailed (`TicketIssuer.ensureTicket`); on a
 * `CreditIssued` from a cancellation or a closure, its credit note number.
 *
 * Events are handled one at a time in global order; the checkpoint is saved once per batch,
 * after every event of it was handled (a write with an fsync: not one per event), and only when
 * the batch needed work or the saved checkpoint lags `CHECKPOINT_MAX_LAG` events behind. A crash
 * repeats at most the events since the last save, whose steps are idempotent. A failure (the
 * store, the outbox…) saves what was completed, stops the subscription and restarts it from the
 * checkpoint after a delay, so nothing is skipped. Every API process runs one; they share the
 * checkpoint.
 */
export class TicketProcessManager {
  private readonly name: string;
  private readonly batchSize: number;
  private readonly retry: { readonly initialMs: number; readonly maxMs: number };
  private subscription: Subscription | undefined;
  private restartTimer: NodeJS.Timeout | undefined;
  private processed = 0;
  /** The position last saved (or read) as this process's checkpoint. */
  private saved = 0;
  private failures = 0;
  private lastFailure: unknown;
  private running = false;
  private waiters: Waiter[] = [];

  constructor(
    private readonly store: EventStore,
    private readonly issuer: TicketIssuer,
    private readonly checkpoints: ProcessCheckpoints,
    private readonly logger: Logger,
    options: TicketProcessOptions = {},
  ) {
    this.name = options.name ?? 'tickets';
    this.batchSize = options.batchSize ?? 200;
    this.retry = options.retry ?? { initialMs: 1000, maxMs: 60_000 };
  }

  start(): void {
    if (this.running) return;
    this.running = true;
    this.subscribe();
  }

  async stop(): Promise<void> {
    this.running = false;
    if (this.restartTimer) clearTimeout(this.restartTimer);
    this.restartTimer = undefined;
    const subscription = this.subscription;
    this.subscription = undefined;
    await subscription?.stop();
    // Everything up to `processed` is handled: a restart need not read it again.
    if (this.processed > this.saved) this.trySaveCheckpoint();
  }

  /** Global position up to which every event has been handled (by this process or another). */
  position(): number {
    return this.processed;
  }

  status(): { readonly position: number; readonly failing: boolean; readonly lastFailure?: string } {
    const failing = this.failures > 0;
    return {
      position: this.processed,
      failing,
      ...(failing ? { lastFailure: this.lastFailure instanceof Error ? this.lastFailure.message : String(this.lastFailure) } : {}),
    };
  }

  /** Resolves once every event up to `position` has been handled. */
  waitFor(position: number): Promise<void> {
    if (this.processed >= position) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ position, resolve }));
  }

  /** Resolves once everything in the store when called has been handled. */
  async settled(): Promise<void> {
    await this.waitFor(await this.store.headPosition());
  }

  private subscribe(): void {
    const after = this.checkpoints.get(this.name);
    this.saved = after;
    this.advanceTo(after);
    this.subscription = this.store.subscribeToAll({
      after,
      batchSize: this.batchSize,
      handler: (events) => this.handle(events),
      onError: (error) => this.failed(error),
    });
  }

  private async handle(events: readonly StoredEvent[]): Promise<void> {
    let worked = false;
    try {
      for (const event of events) {
        if (event.position <= this.processed) continue;
        if (await this.handleOne(event)) worked = true;
        this.advanceTo(event.position);
      }
    } catch (error) {
      // Keep the events completed before the failure: only the failed one is tried again.
      if (worked) this.trySaveCheckpoint();
      throw error;
    }
    if (worked || this.processed - this.saved >= CHECKPOINT_MAX_LAG) this.saveCheckpoint();
    this.failures = 0;
  }

  private saveCheckpoint(): void {
    this.checkpoints.save(this.name, this.processed);
    this.saved = this.processed;
  }

  /** A save that is only a shortcut for the next start: on failure, that start reads a little more. */
  private trySaveCheckpoint(): void {
    try {
      this.saveCheckpoint();
    } catch (error) {
      this.logger.warn({ err: error, process: this.name }, 'ticket process checkpoint not saved');
    }
  }

  /** True when the event needed work (then its batch's checkpoint is saved). */
  private async handleOne(event: StoredEvent): Promise<boolean> {
    const familyId = familyIdOfStream(event.streamId);
    if (familyId === undefined) return false;
    const cause = { correlationId: stringOr(event.metadata.correlationId), causationId: event.metadata.eventId };
    if (event.type === 'PaymentConfirmed') {
      const { paymentId } = event.data as { paymentId: string };
      await this.issuer.ensureTicket(familyId, paymentId, cause);
      return true;
    }
    if (event.type === 'CreditIssued') {
      const { creditId, source } = event.data as { creditId: string; source: string };
      if (!CREDIT_NOTE_SOURCES.has(source)) return false;
      await this.issuer.ensureCreditNote(familyId, creditId, cause);
      return true;
    }
    return false;
  }

  private failed(error: unknown): void {
    this.subscription = undefined;
    this.failures += 1;
    this.lastFailure = error;
    if (!this.running) return;
    const delay = Math.min(this.retry.maxMs, this.retry.initialMs * 2 ** Math.min(this.failures - 1, 20));
    this.logger.error({ err: error, process: this.name, retryInMs: delay }, 'ticket process stopped on an error; it will resume from its checkpoint');
    this.restartTimer = setTimeout(() => {
      this.restartTimer = undefined;
      if (this.running) this.subscribe();
    }, delay);
    this.restartTimer.unref();
  }

  private advanceTo(position: number): void {
    if (position <= this.processed) return;
    this.processed = position;
    this.waiters = this.waiters.filter((waiter) => {
      if (waiter.position > position) return true;
      waiter.resolve();
      return false;
    });
  }
}

function stringOr(value: unknown): string | undefined {
  return typeof value === 'string' ? value : undefined;
}
