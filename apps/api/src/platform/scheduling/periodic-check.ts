import { realScheduler, type Scheduler } from './due-work.timer';

export interface PeriodicCheckOptions {
  /** Between the end of one check and the start of the next (the first comes this long after `start`). */
  readonly everyMs: number;
  readonly run: (now: Date) => Promise<unknown>;
  readonly clock: () => Date;
  /** A failed check; the next one comes as usual. */
  readonly onError: (error: unknown) => void;
  readonly scheduler?: Scheduler;
}

/**
 * A job that looks for due work at a fixed interval (the deadline reminders, the January tax
 * certificates): checks never overlap, `stop` waits for the one running. What is due comes from
 * the job's own `run(now)`, which must be safe to repeat (the outbox's Message-ID dedups).
 */
export class PeriodicCheck {
  private readonly scheduler: Scheduler;
  private handle: unknown;
  private running: Promise<unknown> | undefined;
  private started = false;

  constructor(private readonly options: PeriodicCheckOptions) {
    this.scheduler = options.scheduler ?? realScheduler;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.arm();
  }

  async stop(): Promise<void> {
    this.started = false;
    if (this.handle !== undefined) this.scheduler.clearTimeout(this.handle);
    this.handle = undefined;
    await this.running;
  }

  private arm(): void {
    this.handle = this.scheduler.setTimeout(() => {
      this.handle = undefined;
      this.running = this.options
        .run(this.options.clock())
        .catch((error: unknown) => this.options.onError(error))
        .finally(() => {
          this.running = undefined;
          if (this.started) this.arm();
        });
    }, this.options.everyMs);
  }
}
