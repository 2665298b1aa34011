import type { Logger } from 'pino';
import { DueWorkTimer, type Scheduler } from '../../../platform/scheduling/due-work.timer';
import type { PaymentNotification } from '../payment-provider.port';
import type { PayfipTransaction, PayfipTransactionStore } from './payfip-transaction-store.port';

/** How often an idOp whose outcome is not recorded is asked about again. */
export const PAYFIP_REQUERY_INTERVAL_MS = 60_000;

export interface PayfipRequeryJobOptions {
  readonly store: PayfipTransactionStore;
  /** `PayfipPaymentProvider.outcome`: undefined while the payment is in progress; throws when PayFiP did not answer. */
  readonly outcome: (transaction: PayfipTransaction, now: Date) => Promise<PaymentNotification | undefined>;
  /** `PaymentInboxProcessor.receive('payfip', …)`: records the outcome, then processes it (idempotent). */
  readonly record: (notification: PaymentNotification) => Promise<unknown>;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly scheduler?: Scheduler;
  readonly intervalMs?: number;
  /** Longest sleep (default 30 s): idOps opened by another process are picked up within it. */
  readonly idleMs?: number;
  /** Most idOps asked about per run (default 50). */
  readonly batch?: number;
}

/**
 * PayFiP's notification may never come (lost, or this server down when it was sent): every idOp
 * whose outcome is not in the payment inbox is asked about again, from two minutes after it was
 * opened and then every minute, until PayFiP gives its outcome or the idOp is over (20 minutes,
 * then abandoned). The outcome goes through the inbox like a notification, under the same event
 * id (`payfip_<idOp>`), so a re-query racing the notification records and confirms it once.
 * Runs from a timer on the app's clock (the inbox processor's style); runs never overlap.
 */
export class PayfipRequeryJob {
  private readonly timer: DueWorkTimer;
  private readonly intervalMs: number;

  constructor(private readonly options: PayfipRequeryJobOptions) {
    this.intervalMs = options.intervalMs ?? PAYFIP_REQUERY_INTERVAL_MS;
    this.timer = new DueWorkTimer({
      runDue: (now) => this.runDue(now),
      nextDueAt: () => options.store.nextCheckAt(),
      clock: options.clock,
      idleMs: options.idleMs ?? 30_000,
      onError: (error) => options.logger.error({ err: error }, 'PayFiP re-query run failed; it runs again later'),
      ...(options.scheduler ? { scheduler: options.scheduler } : {}),
    });
  }

  /** Asks PayFiP about every idOp due at `now`; resolves with how many outcomes were recorded. */
  async runDue(now: Date = this.options.clock()): Promise<number> {
    let recorded = 0;
    for (const transaction of await this.options.store.claimDue(now, this.intervalMs, this.options.batch ?? 50)) {
      let notification: PaymentNotification | undefined;
      try {
        notification = await this.options.outcome(transaction, now);
      } catch (error) {
        this.options.logger.warn({ err: error, idOp: transaction.idOp, orderId: transaction.orderId }, 'PayFiP re-query failed: asked again at the next run');
        continue;
      }
      if (notification === undefined) continue;
      this.options.logger.info({ idOp: transaction.idOp, orderId: transaction.orderId, kind: notification.kind }, 'PayFiP outcome found by re-query');
      await this.options.record(notification);
      // Recorded (the inbox has it): never asked again, whichever host's inbox holds it.
      await this.options.store.settle(transaction.idOp);
      recorded++;
    }
    return recorded;
  }

  start(): void {
    this.timer.start();
  }

  stop(): Promise<void> {
    return this.timer.stop();
  }

  settled(): Promise<void> {
    return this.timer.settled();
  }
}
