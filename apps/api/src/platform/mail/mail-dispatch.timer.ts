import { DueWorkTimer, type Scheduler } from '../scheduling/due-work.timer';
import type { MailDispatcher } from './mail-dispatcher.service';
import type { MailOutbox } from './mail-outbox.port';

export { realScheduler, type Scheduler } from '../scheduling/due-work.timer';

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
export class MailDispatchTimer extends DueWorkTimer {
  constructor(options: MailDispatchTimerOptions) {
    super({
      runDue: (now) => options.dispatcher.dispatchDue(now),
      nextDueAt: () => options.outbox.nextDueAt(),
      clock: options.clock ?? (() => new Date()),
      idleMs: options.idleMs ?? 60_000,
      onError: options.onError ?? (() => undefined),
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    });
  }
}
