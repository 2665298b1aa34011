import type { Logger } from 'pino';
import { DueWorkTimer, type Scheduler } from '../../platform/scheduling/due-work.timer';
import type { WebhookOutcome } from '../payment-notification.handler';
import type { PaymentNotification } from '../providers/payment-provider.port';
import type { InboxEntry, PaymentInbox } from './payment-inbox';

/** A notification a provider owes the inbox, recorded before each run. */
export interface OverdueNotification {
  readonly provider: string;
  readonly notification: PaymentNotification;
}

export interface PaymentInboxProcessorOptions {
  readonly inbox: PaymentInbox;
  /** The effect of a notification (`PaymentNotificationHandler.handle`): idempotent; throws to be retried. */
  readonly handle: (notification: PaymentNotification) => Promise<WebhookOutcome>;
  readonly clock: () => Date;
  /** Names this process on the rows it leases (the instance id). */
  readonly owner: string;
  readonly logger: Logger;
  readonly scheduler?: Scheduler;
  /** Delay before retrying a row: first, then doubling up to max (default 1 s → 5 min). Never given up. */
  readonly retry?: { readonly initialMs: number; readonly maxMs: number };
  /** How long a row being processed is left to its process (default 2 min); any process takes it after. */
  readonly leaseMs?: number;
  /** Longest sleep (default 30 s): rows recorded by another process, or left by one that died, are taken within it. */
  readonly idleMs?: number;
  /** Notifications never delivered (the simulated site's paid sessions missing from the inbox). */
  readonly overdue?: (now: Date) => readonly OverdueNotification[];
}

const QUEUED: WebhookOutcome = { received: true, outcome: 'queued', reason: 'recorded: the payment will be recorded in the ledger shortly' };

/**
 * Processes the inbox until every notification is done: at once when one is received, then,
 * for whatever failed, from a timer with backoff — as many times as it takes (the command loop
 * gives up after a few conflicts; this does not). Several processes may run it: a row is leased
 * to one at a time, and processing one twice appends nothing. Runs never overlap.
 */
export class PaymentInboxProcessor {
  private readonly retry: { readonly initialMs: number; readonly maxMs: number };
  private readonly leaseMs: number;
  private readonly timer: DueWorkTimer;

  constructor(private readonly options: PaymentInboxProcessorOptions) {
    this.retry = options.retry ?? { initialMs: 1000, maxMs: 5 * 60_000 };
    this.leaseMs = options.leaseMs ?? 2 * 60_000;
    this.timer = new DueWorkTimer({
      runDue: () => this.runDue(),
      nextDueAt: () => options.inbox.nextDueAt(),
      clock: options.clock,
      idleMs: options.idleMs ?? 30_000,
      onError: (error) => options.logger.error({ err: error }, 'payment inbox run failed; it runs again later'),
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    });
  }

  /** Records a verified notification durably, then processes it; a failure answers `queued`. */
  async receive(provider: string, notification: PaymentNotification): Promise<WebhookOutcome> {
    const entry = this.options.inbox.record(provider, notification, this.options.clock(), { owner: this.options.owner, leaseMs: this.leaseMs });
    return this.attempt(entry);
  }

  /** Processes every row due now, one at a time; resolves with how many were tried. */
  async runDue(): Promise<number> {
    const now = this.options.clock();
    for (const { provider, notification } of this.options.overdue?.(now) ?? []) {
      this.options.inbox.record(provider, notification, now, { owner: this.options.owner, leaseMs: 0 });
    }
    let tried = 0;
    // Claimed as of the run's start: a row failing now waits for its backoff, not for this loop.
    for (let entry = this.claim(now); entry; entry = this.claim(now)) {
      await this.attempt(entry);
      tried++;
    }
    return tried;
  }

  start(): void {
    this.timer.start();
  }

  /** Stops the timer and waits for the run in progress, if any. */
  stop(): Promise<void> {
    return this.timer.stop();
  }

  /** Resolves when the run started by the last timer tick is over. */
  settled(): Promise<void> {
    return this.timer.settled();
  }

  private claim(now: Date): InboxEntry | undefined {
    return this.options.inbox.claimDue(now, this.options.owner, this.leaseMs);
  }

  private async attempt(entry: InboxEntry): Promise<WebhookOutcome> {
    const { inbox, logger } = this.options;
    try {
      const outcome = await this.options.handle(entry.notification);
      inbox.markProcessed(entry.id, this.options.clock(), outcome.outcome);
      return outcome;
    } catch (error) {
      const attempts = entry.attempts + 1;
      const retryInMs = Math.min(this.retry.maxMs, this.retry.initialMs * 2 ** Math.min(attempts - 1, 20));
      inbox.markFailed(entry.id, messageOf(error), new Date(this.options.clock().getTime() + retryInMs));
      logger.warn(
        { err: error, eventId: entry.notification.eventId, kind: entry.notification.kind, attempts, retryInMs },
        'payment notification recorded but not processed: the inbox will retry it',
      );
      this.wake();
      return QUEUED;
    }
  }

  /** Something became due earlier than the timer's next tick. */
  private wake(): void {
    this.timer.replan();
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
