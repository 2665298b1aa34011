import type { MailDispatcher } from './mail-dispatcher.service';
import type { MailOutbox } from './mail-outbox.store';

/** The timer functions the loop uses; tests pass a manual one. */
export interface Scheduler {
  setTimeout(run: () => void, delayMs: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const realScheduler: Scheduler = {
  setTimeout: (run, delayMs) => {
    const handle = setTimeout(run, delayMs);
    handle.unref();
    return handle;
  },
  clearTimeout: (handle) => clearTimeout(handle as NodeJS.Timeout),
};

export interface MailDispatchTimerOptions {
  readonly dispatcher: MailDispatcher;
  readonly outbox: MailOutbox;
  readonly clock?: () => Date;
  readonly scheduler?: Scheduler;
  /** Longest sleep: rows enqueued by another process are picked up within this delay. */
  readonly idleMs?: number;
  readonly onError?: (error: unknown) => void;
}

/**
 * Drives `dispatchDue` from a timer: runs, then sleeps until the outbox's next due time (at most
 * `idleMs`). `kick()` after an enqueue sends at once. Runs never overlap.
 */
export class MailDispatchTimer {
  private readonly clock: () => Date;
  private readonly scheduler: Scheduler;
  private readonly idleMs: number;
  private handle: unknown;
  private running: Promise<void> | undefined;
  private lastRun: Promise<void> = Promise.resolve();
  private again = false;
  private started = false;

  constructor(private readonly options: MailDispatchTimerOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.scheduler = options.scheduler ?? realScheduler;
    this.idleMs = options.idleMs ?? 60_000;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Something was enqueued: run as soon as possible. */
  kick(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** Stops the timer and waits for the run in progress, if any. */
  async stop(): Promise<void> {
    this.started = false;
    this.clear();
    await this.running;
  }

  /** Resolves when the run started by the last timer tick (and its rescheduling) is over. */
  async settled(): Promise<void> {
    await this.lastRun;
  }

  private schedule(delayMs: number): void {
    this.clear();
    this.handle = this.scheduler.setTimeout(() => {
      this.handle = undefined;
      this.lastRun = this.run();
    }, delayMs);
  }

  private clear(): void {
    if (this.handle !== undefined) this.scheduler.clearTimeout(this.handle);
    this.handle = undefined;
  }

  private async run(): Promise<void> {
    if (this.running) {
      this.again = true;
      return;
    }
    let failed = false;
    this.running = (async () => {
      try {
        await this.options.dispatcher.dispatchDue(this.clock());
      } catch (error) {
        failed = true;
        this.options.onError?.(error);
      }
    })();
    await this.running;
    this.running = undefined;
    if (!this.started) return;
    if (this.again) {
      this.again = false;
      this.schedule(0);
      return;
    }
    this.schedule(failed ? this.idleMs : this.delayUntilNextDue());
  }

  private delayUntilNextDue(): number {
    const next = this.options.outbox.nextDueAt();
    if (next === undefined) return this.idleMs;
    return Math.min(Math.max(next.getTime() - this.clock().getTime(), 0), this.idleMs);
  }
}
