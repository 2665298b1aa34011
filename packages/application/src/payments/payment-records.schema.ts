/**
 * The payment tables of the operations database (`operations.sqlite`, shared by the API
 * processes of a data folder). The API writes them; the auditor's `verify` reads them to compare
 * what the providers say was paid with the ledger. Their names and columns live here only.
 *
 * - `payment_inbox`: every verified provider notification, recorded before anything else is done
 *   with it, once per (provider, provider event id). `processed_at` is set once its effect is in
 *   the event store (a `PaymentConfirmed`, or an `UnmatchedPaymentReceived`); until then the
 *   API's inbox processor retries it, after `next_attempt_at`, by whichever process holds the
 *   lease (`lease_owner` until `lease_until`).
 * - `simulated_checkout_session`: the simulated payment site's own records (its « bank »): a
 *   `paid` session is money the site took.
 */
import type Database from 'better-sqlite3';

/** The operations database's file name in the API's data folder. */
export const OPERATIONS_DATABASE_FILE = 'operations.sqlite';

export const PAYMENT_INBOX_TABLE = 'payment_inbox';

export const PAYMENT_INBOX_DDL = `
CREATE TABLE IF NOT EXISTS payment_inbox (
  id                  INTEGER PRIMARY KEY,
  provider            TEXT NOT NULL,
  provider_event_id   TEXT NOT NULL,
  provider_payment_id TEXT,
  kind                TEXT NOT NULL CHECK (kind IN ('paid', 'failed', 'ignored')),
  notification        TEXT NOT NULL,
  received_at         INTEGER NOT NULL,
  processed_at        INTEGER,
  outcome             TEXT,
  attempts            INTEGER NOT NULL DEFAULT 0,
  last_error          TEXT,
  next_attempt_at     INTEGER NOT NULL,
  lease_owner         TEXT,
  lease_until         INTEGER,
  UNIQUE (provider, provider_event_id)
) STRICT;
CREATE INDEX IF NOT EXISTS payment_inbox_due ON payment_inbox (next_attempt_at) WHERE processed_at IS NULL;
CREATE INDEX IF NOT EXISTS payment_inbox_payment ON payment_inbox (provider, provider_payment_id);
`;

/** A row of `payment_inbox`; instants in epoch milliseconds. */
export interface PaymentInboxRow {
  readonly id: number;
  readonly provider: string;
  readonly provider_event_id: string;
  /** Set for `paid` notifications only. */
  readonly provider_payment_id: string | null;
  readonly kind: 'paid' | 'failed' | 'ignored';
  /** The parsed notification as JSON (a paid one: `StoredPaidNotification`). */
  readonly notification: string;
  readonly received_at: number;
  readonly processed_at: number | null;
  /** What processing did: `order_confirmed`, `credited`, `unmatched`, `ignored`. */
  readonly outcome: string | null;
  readonly attempts: number;
  readonly last_error: string | null;
  readonly next_attempt_at: number;
  readonly lease_owner: string | null;
  readonly lease_until: number | null;
}

/** The JSON of a paid notification in `payment_inbox.notification`. */
export interface StoredPaidNotification {
  readonly kind: 'paid';
  readonly provider: string;
  readonly eventId: string;
  readonly sessionId: string;
  readonly orderId: string;
  readonly paymentId: string;
  readonly familyId: string;
  readonly providerPaymentId: string;
  readonly amountCents: number;
  readonly currency: string;
  /** ISO instant. */
  readonly paidAt: string;
  /** PayFiP: `card` (resultrans P) or `direct_debit` (V); absent for the others and older rows. */
  readonly method?: 'card' | 'direct_debit';
}

export const SIMULATED_SESSION_TABLE = 'simulated_checkout_session';

export const SIMULATED_SESSION_DDL = `
CREATE TABLE IF NOT EXISTS simulated_checkout_session (
  session_id          TEXT PRIMARY KEY,
  idempotency_key     TEXT NOT NULL UNIQUE,
  order_id            TEXT NOT NULL,
  payment_id          TEXT NOT NULL,
  family_id           TEXT NOT NULL,
  amount_cents        INTEGER NOT NULL CHECK (amount_cents > 0),
  currency            TEXT NOT NULL CHECK (currency = 'eur'),
  lines_json          TEXT NOT NULL,
  created_at          INTEGER NOT NULL,
  expires_at          INTEGER NOT NULL,
  success_url         TEXT NOT NULL,
  cancel_url          TEXT NOT NULL,
  status              TEXT NOT NULL CHECK (status IN ('open', 'paid')),
  paid_at             INTEGER,
  provider_payment_id TEXT
) STRICT;
CREATE TABLE IF NOT EXISTS simulated_payment_setting (
  name  TEXT PRIMARY KEY,
  value TEXT NOT NULL
) STRICT;
`;

/** A row of `simulated_checkout_session`; instants in epoch milliseconds. */
export interface SimulatedSessionRow {
  session_id: string;
  idempotency_key: string;
  order_id: string;
  payment_id: string;
  family_id: string;
  amount_cents: number;
  currency: string;
  lines_json: string;
  created_at: number;
  expires_at: number;
  success_url: string;
  cancel_url: string;
  status: 'open' | 'paid';
  paid_at: number | null;
  provider_payment_id: string | null;
}

/** A payment a provider says it took, as the operations database knows it. */
export interface ProviderPayment {
  readonly provider: string;
  readonly providerPaymentId: string;
  readonly familyId: string;
  readonly orderId: string;
  readonly paymentId: string;
  readonly amountCents: number;
  /** When the provider took the money (ISO). */
  readonly paidAt: string;
  /** Since when Periscol knows of it (epoch ms): its first notification, else the session's payment. */
  readonly knownSince: number;
  /** A notification of it was processed: its effect is in the event store. */
  readonly processed: boolean;
}

/**
 * Every payment the providers say they took: the inbox's paid notifications and the simulated
 * site's paid sessions, one per (provider, provider payment id), oldest first. `pendingOnly`:
 * those no processed notification covers yet. A table that does not exist holds nothing.
 */
export function providerPayments(db: Database.Database, options: { readonly pendingOnly?: boolean } = {}): ProviderPayment[] {
  const found = new Map<string, ProviderPayment>();
  const hasInbox = tableExists(db, PAYMENT_INBOX_TABLE);
  if (hasInbox) {
    const rows = db
      .prepare<[], Pick<PaymentInboxRow, 'provider' | 'provider_payment_id' | 'notification' | 'received_at' | 'processed_at'>>(
        `SELECT provider, provider_payment_id, notification, received_at, processed_at FROM payment_inbox
         WHERE kind = 'paid' AND provider_payment_id IS NOT NULL ${options.pendingOnly ? 'AND processed_at IS NULL' : ''} ORDER BY id`,
      )
      .all();
    for (const row of rows) {
      const paid = JSON.parse(row.notification) as StoredPaidNotification;
      const key = `${row.provider}\u0000${row.provider_payment_id}`;
      const known = found.get(key);
      const processed = row.processed_at !== null || (known?.processed ?? false);
      const knownSince = Math.min(row.received_at, known?.knownSince ?? row.received_at);
      found.set(key, {
        provider: row.provider,
        providerPaymentId: paid.providerPaymentId,
        familyId: paid.familyId,
        orderId: paid.orderId,
        paymentId: paid.paymentId,
        amountCents: paid.amountCents,
        paidAt: paid.paidAt,
        knownSince,
        processed,
      });
    }
  }
  if (tableExists(db, SIMULATED_SESSION_TABLE)) {
    const covered = hasInbox
      ? `AND NOT EXISTS (SELECT 1 FROM payment_inbox i WHERE i.provider = 'simulated' AND i.provider_payment_id = s.provider_payment_id
           ${options.pendingOnly ? 'AND i.processed_at IS NOT NULL' : ''})`
      : '';
    const sessions = db
      .prepare<[], SimulatedSessionRow>(
        `SELECT * FROM simulated_checkout_session s WHERE status = 'paid' AND provider_payment_id IS NOT NULL ${covered} ORDER BY paid_at, session_id`,
      )
      .all();
    for (const session of sessions) {
      const providerPaymentId = session.provider_payment_id as string;
      const key = `simulated\u0000${providerPaymentId}`;
      if (found.has(key)) continue;
      const paidAt = session.paid_at ?? session.created_at;
      found.set(key, {
        provider: 'simulated',
        providerPaymentId,
        familyId: session.family_id,
        orderId: session.order_id,
        paymentId: session.payment_id,
        amountCents: session.amount_cents,
        paidAt: new Date(paidAt).toISOString(),
        knownSince: paidAt,
        processed: false,
      });
    }
  }
  return [...found.values()].sort((a, b) => a.knownSince - b.knownSince);
}

function tableExists(db: Database.Database, name: string): boolean {
  return db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(name) !== undefined;
}
