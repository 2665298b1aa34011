import { PAYMENT_INBOX_DDL, SIMULATED_SESSION_TABLE, type PaymentInboxRow, type StoredPaidNotification } from '@periscol/application';
import type Database from 'better-sqlite3';
import type { PaidNotification, PaymentNotification } from '../providers/payment-provider.port';

/** A recorded notification, as the processor works on it. */
export interface InboxEntry {
  readonly id: number;
  readonly notification: PaymentNotification;
  readonly attempts: number;
}

/**
 * The inbox of provider notifications (`payment_inbox` in the operations database, schema in
 * `@periscol/application`): a verified notification is recorded here before anything else is
 * done with it, so money a provider reports is never forgotten whatever fails next. Shared by
 * every API process on the data folder: a row is worked on under a lease, and its effect is
 * idempotent (`ConfirmPayment` keyed by the provider payment id), so two processes taking the
 * same row is harmless. Synchronous, as better-sqlite3 is; instants in epoch milliseconds.
 */
export class PaymentInbox {
  private readonly insert: Database.Statement<[Record<string, unknown>]>;
  private readonly byEvent: Database.Statement<[string, string], PaymentInboxRow>;
  private readonly claim: Database.Statement<[{ now: number; owner: string; until: number }], PaymentInboxRow>;
  private readonly processed: Database.Statement<[number, string, number]>;
  private readonly failed: Database.Statement<[string, number, number]>;
  private readonly nextDue: Database.Statement<[], { due: number | null }>;

  constructor(private readonly db: Database.Database) {
    db.exec(PAYMENT_INBOX_DDL);
    this.insert = db.prepare(
      `INSERT INTO payment_inbox (provider, provider_event_id, provider_payment_id, kind, notification, received_at, next_attempt_at, lease_owner, lease_until)
       VALUES (@provider, @eventId, @providerPaymentId, @kind, @notification, @now, @now, @owner, @until)
       ON CONFLICT (provider, provider_event_id) DO NOTHING`,
    );
    this.byEvent = db.prepare('SELECT * FROM payment_inbox WHERE provider = ? AND provider_event_id = ?');
    this.claim = db.prepare(
      `UPDATE payment_inbox SET lease_owner = @owner, lease_until = @until
       WHERE id = (SELECT id FROM payment_inbox
                   WHERE processed_at IS NULL AND next_attempt_at <= @now AND (lease_until IS NULL OR lease_until <= @now)
                   ORDER BY next_attempt_at, id LIMIT 1)
       RETURNING *`,
    );
    this.processed = db.prepare(
      `UPDATE payment_inbox SET processed_at = COALESCE(processed_at, ?), outcome = COALESCE(outcome, ?), attempts = attempts + 1,
         last_error = NULL, lease_owner = NULL, lease_until = NULL
       WHERE id = ?`,
    );
    // A row processed meanwhile (another delivery, another process) stays processed.
    this.failed = db.prepare(
      `UPDATE payment_inbox SET attempts = attempts + 1, last_error = ?, next_attempt_at = ?, lease_owner = NULL, lease_until = NULL
       WHERE id = ? AND processed_at IS NULL`,
    );
    this.nextDue = db.prepare('SELECT MIN(MAX(next_attempt_at, COALESCE(lease_until, 0))) AS due FROM payment_inbox WHERE processed_at IS NULL');
  }

  /**
   * Records a verified notification, durably, unless this provider event is already recorded
   * (a redelivery). A new row is leased to `owner` for `leaseMs`: the caller processes it at once,
   * and other processes leave it alone unless that caller dies.
   */
  record(provider: string, notification: PaymentNotification, at: Date, lease: { readonly owner: string; readonly leaseMs: number }): InboxEntry {
    this.insert.run({
      provider,
      eventId: notification.eventId,
      providerPaymentId: notification.kind === 'paid' ? notification.providerPaymentId : null,
      kind: notification.kind,
      notification: JSON.stringify(notification.kind === 'paid' ? storedPaid(notification) : notification),
      now: at.getTime(),
      owner: lease.owner,
      until: at.getTime() + lease.leaseMs,
    });
    const row = this.byEvent.get(provider, notification.eventId);
    if (row === undefined) throw new Error(`payment notification ${notification.eventId} vanished after insert`);
    return entryOf(row);
  }

  /** Leases the next row due at `now` to `owner`, or undefined when none is due. */
  claimDue(now: Date, owner: string, leaseMs: number): InboxEntry | undefined {
    const row = this.claim.get({ now: now.getTime(), owner, until: now.getTime() + leaseMs });
    return row === undefined ? undefined : entryOf(row);
  }

  markProcessed(id: number, at: Date, outcome: string): void {
    this.processed.run(at.getTime(), outcome, id);
  }

  markFailed(id: number, error: string, retryAt: Date): void {
    this.failed.run(error.slice(0, 1000), retryAt.getTime(), id);
  }

  /** When the next unprocessed row may be taken, or undefined when every row is processed. */
  nextDueAt(): Date | undefined {
    const { due } = this.nextDue.get() ?? { due: null };
    return due === null ? undefined : new Date(due);
  }

  /** Sessions the simulated site marked paid before `paidBefore` whose notification never reached the inbox. */
  simulatedSessionsNotNotified(paidBefore: Date): string[] {
    // The sessions table exists once the simulated provider was used on this data folder.
    if (!this.db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(SIMULATED_SESSION_TABLE)) return [];
    return this.db
      .prepare<[number], { session_id: string }>(
        `SELECT session_id FROM ${SIMULATED_SESSION_TABLE} s
         WHERE status = 'paid' AND paid_at <= ? AND provider_payment_id IS NOT NULL
           AND NOT EXISTS (SELECT 1 FROM payment_inbox i WHERE i.provider = 'simulated' AND i.provider_payment_id = s.provider_payment_id)
         ORDER BY paid_at`,
      )
      .all(paidBefore.getTime())
      .map((row) => row.session_id);
  }
}

function storedPaid(paid: PaidNotification): StoredPaidNotification {
  return { ...paid, paidAt: paid.paidAt.toISOString() };
}

function entryOf(row: PaymentInboxRow): InboxEntry {
  return { id: row.id, notification: notificationFromJson(row.notification), attempts: row.attempts };
}

function notificationFromJson(json: string): PaymentNotification {
  const parsed = JSON.parse(json) as PaymentNotification;
  // Instants were written as ISO strings.
  if (parsed.kind === 'paid') return { ...parsed, paidAt: new Date(parsed.paidAt) };
  if (parsed.kind === 'failed') return { ...parsed, failedAt: new Date(parsed.failedAt) };
  return parsed;
}
