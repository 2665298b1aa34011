import { PAYMENT_INBOX_DDL } from '@periscol/application';
import type Database from 'better-sqlite3';
import { transactionOfRow, type PayfipTransactionRow } from './payfip-transaction-row';
import type { PayfipTransaction, PayfipTransactionStore } from './payfip-transaction-store.port';

/** The inbox event id of a transaction's outcome: one final outcome per idOp. */
export function payfipEventId(idOp: string): string {
  return `payfip_${idOp}`;
}

const DDL = `
CREATE TABLE IF NOT EXISTS payfip_transaction (
  id_op           TEXT PRIMARY KEY,
  idempotency_key TEXT NOT NULL,
  refdet          TEXT NOT NULL,
  order_id        TEXT NOT NULL,
  payment_id      TEXT NOT NULL,
  family_id       TEXT NOT NULL,
  amount_cents    INTEGER NOT NULL,
  created_at      INTEGER NOT NULL,
  next_check_at   INTEGER
) STRICT;
CREATE INDEX IF NOT EXISTS payfip_transaction_key ON payfip_transaction (idempotency_key, created_at);
CREATE INDEX IF NOT EXISTS payfip_transaction_payment ON payfip_transaction (payment_id, created_at);
CREATE INDEX IF NOT EXISTS payfip_transaction_check ON payfip_transaction (next_check_at) WHERE next_check_at IS NOT NULL;
`;

type Row = PayfipTransactionRow<number, number> & { readonly next_check_at: number | null };

/**
 * `payfip_transaction` in the operations database, beside the payment inbox it checks against:
 * an outcome recorded by any process on the data folder settles its transaction.
 */
export class SqlitePayfipTransactionStore implements PayfipTransactionStore {
  private readonly insertRow: Database.Statement<[Record<string, unknown>]>;
  private readonly byId: Database.Statement<[string], Row>;
  private readonly byKey: Database.Statement<[string, number], Row>;
  private readonly byPayment: Database.Statement<[string], Row>;
  private readonly settleRecorded: Database.Statement<[]>;
  private readonly settleOne: Database.Statement<[string]>;
  private readonly claim: Database.Statement<[{ now: number; next: number; limit: number }], Row>;
  private readonly next: Database.Statement<[], { at: number | null }>;

  constructor(private readonly db: Database.Database) {
    db.exec(PAYMENT_INBOX_DDL);
    db.exec(DDL);
    this.insertRow = db.prepare(
      `INSERT INTO payfip_transaction (id_op, idempotency_key, refdet, order_id, payment_id, family_id, amount_cents, created_at, next_check_at)
       VALUES (@idOp, @idempotencyKey, @refdet, @orderId, @paymentId, @familyId, @amountCents, @createdAt, @nextCheckAt)
       ON CONFLICT (id_op) DO NOTHING`,
    );
    this.byId = db.prepare('SELECT * FROM payfip_transaction WHERE id_op = ?');
    this.byKey = db.prepare('SELECT * FROM payfip_transaction WHERE idempotency_key = ? AND created_at >= ? ORDER BY created_at DESC LIMIT 1');
    this.byPayment = db.prepare('SELECT * FROM payfip_transaction WHERE payment_id = ? ORDER BY created_at DESC LIMIT 1');
    this.settleOne = db.prepare('UPDATE payfip_transaction SET next_check_at = NULL WHERE id_op = ?');
    this.settleRecorded = db.prepare(
      `UPDATE payfip_transaction SET next_check_at = NULL
       WHERE next_check_at IS NOT NULL
         AND EXISTS (SELECT 1 FROM payment_inbox i WHERE i.provider = 'payfip' AND i.provider_event_id = 'payfip_' || payfip_transaction.id_op)`,
    );
    this.claim = db.prepare(
      `UPDATE payfip_transaction SET next_check_at = @next
       WHERE id_op IN (SELECT id_op FROM payfip_transaction WHERE next_check_at IS NOT NULL AND next_check_at <= @now
                       ORDER BY next_check_at, id_op LIMIT @limit)
       RETURNING *`,
    );
    this.next = db.prepare('SELECT MIN(next_check_at) AS at FROM payfip_transaction WHERE next_check_at IS NOT NULL');
  }

  async insert(transaction: PayfipTransaction, firstCheckAt: Date): Promise<void> {
    this.insertRow.run({ ...transaction, createdAt: transaction.createdAt.getTime(), nextCheckAt: firstCheckAt.getTime() });
  }

  async find(idOp: string): Promise<PayfipTransaction | undefined> {
    const row = this.byId.get(idOp);
    return row === undefined ? undefined : transactionOfRow(row);
  }

  async findForPayment(paymentId: string): Promise<PayfipTransaction | undefined> {
    const row = this.byPayment.get(paymentId);
    return row === undefined ? undefined : transactionOfRow(row);
  }

  async latestForKey(idempotencyKey: string, since: Date): Promise<PayfipTransaction | undefined> {
    const row = this.byKey.get(idempotencyKey, since.getTime());
    return row === undefined ? undefined : transactionOfRow(row);
  }

  async claimDue(now: Date, intervalMs: number, limit: number): Promise<readonly PayfipTransaction[]> {
    return this.db.transaction(() => {
      this.settleRecorded.run();
      return this.claim.all({ now: now.getTime(), next: now.getTime() + intervalMs, limit }).map(transactionOfRow);
    })();
  }

  async settle(idOp: string): Promise<void> {
    this.settleOne.run(idOp);
  }

  async nextCheckAt(): Promise<Date | undefined> {
    this.settleRecorded.run();
    const { at } = this.next.get() ?? { at: null };
    return at === null ? undefined : new Date(at);
  }
}

