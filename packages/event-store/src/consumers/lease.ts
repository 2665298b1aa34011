/**
 * One holder at a time among the processes sharing a store, for work that must run once (a
 * reactor sending e-mails): a `Lease` looks at `lease-<name>` every `renewEveryMs`, renews it
 * while it holds it, takes it once the holder's `until` has passed, and records in each write
 * the position the holder's work has reached, so that the next holder starts there.
 *
 * Being a clock-based lease, it assumes clocks agree to well under `ttlMs - renewEveryMs` and
 * that a holder is not paused longer than that: a holder that finds its lease ran out gives it
 * up (`onLost`) before anything else. What runs under it must still be idempotent.
 */
import type { Clock } from '../clock';
import { WrongExpectedRevisionError } from '../event-store.errors';
import type { EventStore } from '../event-store.port';
import { decideLease, leaseEvent, leaseRecordOf, leaseStreamId, type LeaseHead, type LeaseRecord } from './lease-stream';
import { unrefTimer, type SetTimer } from './reactor';

export interface LeaseOptions {
  readonly store: EventStore;
  /** The lease's name: its stream is `lease-<name>`. */
  readonly name: string;
  /** This process, unique per start (host, pid, a random part): a restarted process is a new holder. */
  readonly holder: string;
  readonly clock: Clock;
  /** How long a write holds the lease (default 30 s). */
  readonly ttlMs?: number;
  /** How often the holder renews and the others look (default 10 s; at most a third of `ttlMs` leaves room for two failed renewals). */
  readonly renewEveryMs?: number;
  /** Delay before trying again after a store error (default 1 s, at most `renewEveryMs`). */
  readonly retryMs?: number;
  /** How far the holder's work has gone: recorded in each renewal. Default: 0 (nothing to carry). */
  readonly position?: () => number;
  /** This process now holds the lease; `position` is where the previous holder's work stopped. */
  readonly onAcquired?: (position: number) => Promise<void> | void;
  /** This process no longer holds the lease (taken over, ran out, or stopping): stop the work. */
  readonly onLost?: () => Promise<void> | void;
  readonly onError?: (error: unknown) => void;
  /** Default: `setTimeout`, unref'd. */
  readonly setTimer?: SetTimer;
}

export interface LeaseStatus {
  readonly name: string;
  /** True while this process holds the lease and its `until` has not passed. */
  readonly held: boolean;
  /** The holder last seen (this process or another), if any. */
  readonly holder?: string;
  readonly until?: string;
}

export class Lease {
  private readonly streamId: string;
  private readonly ttlMs: number;
  private readonly renewEveryMs: number;
  private readonly retryMs: number;
  private readonly setTimer: SetTimer;
  private readonly position: () => number;
  private started = false;
  private cancelTimer: (() => void) | undefined;
  private round: Promise<void> | undefined;
  /** Revision of the last lease event seen: the next read starts there, the next write expects it. */
  private knownRevision = -1;
  /** Until when this process holds the lease (0: it does not). */
  private heldUntil = 0;
  private lastSeen: LeaseRecord | undefined;
  /** The last look failed on a store error: the next one comes after `retryMs`. */
  private failed = false;

  constructor(private readonly options: LeaseOptions) {
    this.streamId = leaseStreamId(options.name);
    this.ttlMs = options.ttlMs ?? 30_000;
    this.renewEveryMs = options.renewEveryMs ?? 10_000;
    if (!(this.renewEveryMs > 0 && this.renewEveryMs < this.ttlMs)) throw new RangeError(`lease ${options.name}: renewEveryMs (${this.renewEveryMs}) must be positive and below ttlMs (${this.ttlMs})`);
    this.retryMs = Math.min(options.retryMs ?? 1000, this.renewEveryMs);
    this.setTimer = options.setTimer ?? unrefTimer;
    this.position = options.position ?? (() => 0);
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Stops looking; if this process holds the lease, stops the work and releases it so another process takes it at once. */
  async stop(): Promise<void> {
    this.started = false;
    this.cancelTimer?.();
    this.cancelTimer = undefined;
    await this.round;
    if (this.heldUntil === 0) return;
    await this.lose();
    const record = { holder: this.options.holder, until: this.options.clock().toISOString(), position: this.position() };
    try {
      await this.options.store.appendToStream(this.streamId, [leaseEvent(this.streamId, 'LeaseReleased', this.knownRevision, record)], { expectedRevision: this.knownRevision });
    } catch (error) {
      // Taken meanwhile, or the store is gone: the lease simply runs out.
      if (!(error instanceof WrongExpectedRevisionError)) this.options.onError?.(error);
    }
  }

  held(): boolean {
    return this.heldUntil > this.options.clock().getTime();
  }

  status(): LeaseStatus {
    return {
      name: this.options.name,
      held: this.held(),
      ...(this.lastSeen ? { holder: this.lastSeen.holder, until: this.lastSeen.until } : {}),
    };
  }

  /** One look at the lease now (what the timer runs): renew, take or wait. Never two at a time. */
  async check(): Promise<void> {
    while (this.round) await this.round;
    this.round = this.look().finally(() => (this.round = undefined));
    await this.round;
  }

  private schedule(delayMs: number): void {
    this.cancelTimer?.();
    this.cancelTimer = this.setTimer(() => {
      this.cancelTimer = undefined;
      if (this.started) void this.check().finally(() => this.started && this.schedule(this.nextDelay()));
    }, delayMs);
  }

  private async look(): Promise<void> {
    try {
      // A lease that ran out is given up before anything else: another process may hold it now.
      if (this.heldUntil !== 0 && !this.held()) await this.lose();
      const head = await this.readHead();
      const now = this.options.clock();
      const decision = decideLease(head, this.options.holder, now, this.ttlMs, this.position());
      if (decision.kind === 'wait') {
        await this.lose();
        return;
      }
      const event = leaseEvent(this.streamId, decision.kind === 'renew' ? 'LeaseRenewed' : 'LeaseTaken', head.revision, decision.record);
      const appended = await this.options.store.appendToStream(this.streamId, [event], { expectedRevision: head.revision === -1 ? 'no_stream' : head.revision });
      this.knownRevision = appended.nextExpectedRevision;
      this.lastSeen = decision.record;
      const wasHeld = this.heldUntil !== 0;
      this.heldUntil = Date.parse(decision.record.until);
      if (!wasHeld) await this.options.onAcquired?.(decision.record.position);
    } catch (error) {
      // Another process wrote first: it holds the lease now (the next look reads it).
      if (error instanceof WrongExpectedRevisionError) await this.lose();
      else {
        this.failed = true;
        this.options.onError?.(error);
        if (this.heldUntil !== 0 && !this.held()) await this.lose();
      }
    }
  }

  private nextDelay(): number {
    if (this.failed) {
      this.failed = false;
      return this.retryMs;
    }
    return this.renewEveryMs;
  }

  private async readHead(): Promise<LeaseHead> {
    const { store } = this.options;
    // Reading from the last revision seen keeps each look to a few events however long the stream.
    if (this.knownRevision >= 0) {
      const read = await store.readStream(this.streamId, { fromRevision: this.knownRevision });
      const last = read.events.at(-1);
      if (last) return this.seen(last.revision, leaseRecordOf(last));
    }
    const probe = await store.readStream(this.streamId, { maxCount: 1 });
    if (!probe.streamExists) return this.seen(-1, undefined);
    const read = await store.readStream(this.streamId, { fromRevision: probe.currentRevision });
    const last = read.events.at(-1);
    return last ? this.seen(last.revision, leaseRecordOf(last)) : this.seen(-1, undefined);
  }

  private seen(revision: number, record: LeaseRecord | undefined): LeaseHead {
    this.knownRevision = revision;
    this.lastSeen = record;
    return { revision, record };
  }

  private async lose(): Promise<void> {
    if (this.heldUntil === 0) return;
    this.heldUntil = 0;
    await this.options.onLost?.();
  }
}
