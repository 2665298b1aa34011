/** The timer functions a loop uses; tests pass a manual one (no sleeps). */
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

export interface DueWorkTimerOptions {
  /** Does what is due at `now`; throwing counts as a failed run (retried after `idleMs`). */
  readonly runDue: (now: Date) => Promise<unknown>;
  /** When the next piece of work is due; undefined: nothing known, sleep `idleMs`. */
  readonly nextDueAt: () => Date | undefined | Promise<Date | undefined>;
  readonly clock: () => Date;
  readonly scheduler?: Scheduler;
  /** Longest sleep: work recorded by another process is picked up within this delay. */
  readonly idleMs: number;
  readonly onError: (error: unknown) => void;
}

/**
 * Runs work that becomes due over time (the e-mail outbox, the payment inbox) from a timer: runs,
 * then sleeps until the next due time (at most `idleMs`). `kick()` runs as soon as possible.
 * Runs never overlap.
 */
export class DueWorkTimer {
  private readonly scheduler: Scheduler;
  private handle: unknown;
  private running: Promise<void> | undefined;
  private lastRun: Promise<void> = Promise.resolve();
  private again = false;
  private started = false;

  constructor(private readonly options: DueWorkTimerOptions) {
    this.scheduler = options.scheduler ?? realScheduler;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(0);
  }

  /** Something became due: run as soon as possible (after the run in progress, if any). */
  kick(): void {
    if (!this.started) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.schedule(0);
  }

  /** The next due time may be earlier than planned: sleep until it instead (unless a run is going). */
  replan(): void {
    if (!this.started || this.running) return;
    void this.delayUntilNextDue().then((delayMs) => {
      if (this.started && !this.running) this.schedule(delayMs);
    });
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
    let nextDelayMs = this.options.idleMs;
    this.running = this.options.runDue(this.options.clock()).then(
      async () => {
        nextDelayMs = await this.delayUntilNextDue();
      },
      (error: unknown) => this.options.onError(error),
    );
    await this.running;
    this.running = undefined;
    if (!this.started) return;
    if (this.again) {
      this.again = false;
      this.schedule(0);
      return;
    }
    this.schedule(nextDelayMs);
  }

  /** Until the next due time, at most `idleMs`; `idleMs` when it cannot be read. */
  private async delayUntilNextDue(): Promise<number> {
    let next: Date | undefined;
    try {
      next = await this.options.nextDueAt();
    } catch (error) {
      this.options.onError(error);
      return this.options.idleMs;
    }
    if (next === undefined) return this.options.idleMs;
    return Math.min(Math.max(next.getTime() - this.options.clock().getTime(), 0), this.options.idleMs);
  }
}
