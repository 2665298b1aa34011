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
  /** How long a delivered message keeps its address, texts and attachments (default 30 days). */
  readonly keepDeliveredMs?: number;
}

/**
 * A delivered e-mail is a copy of personal data (the family's address, the ticket's PDF with the
 * children's names) that nothing needs once sent: the ticket is regenerated from the events on
 * request. Its content goes after this long; its Message-ID stays, so it is never sent again.
 */
export const KEEP_DELIVERED_MS = 30 * 24 * 60 * 60_000;
/** The purge runs with the dispatch, at most this often. */
const PURGE_EVERY_MS = 60 * 60_000;

/**
 * Drives `dispatchDue` from a timer: runs, then sleeps until the outbox's next due time (at most
 * `idleMs`). `kick()` after an enqueue sends at once. Runs never overlap. Once an hour a run also
 * purges the content of messages delivered more than `keepDeliveredMs` ago.
 */
export class MailDispatchTimer extends DueWorkTimer {
  constructor(options: MailDispatchTimerOptions) {
    const keepDeliveredMs = options.keepDeliveredMs ?? KEEP_DELIVERED_MS;
    let lastPurge: number | undefined;
    super({
      runDue: async (now) => {
        const report = await options.dispatcher.dispatchDue(now);
        if (lastPurge === undefined || now.getTime() - lastPurge >= PURGE_EVERY_MS) {
          await options.outbox.purgeDelivered(new Date(now.getTime() - keepDeliveredMs));
          lastPurge = now.getTime();
        }
        return report;
      },
      nextDueAt: () => options.outbox.nextDueAt(),
      clock: options.clock ?? (() => new Date()),
      idleMs: options.idleMs ?? 60_000,
      onError: options.onError ?? (() => undefined),
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    });
  }
}
