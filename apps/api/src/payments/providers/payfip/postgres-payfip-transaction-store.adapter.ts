import type { Pool } from 'pg';
import { migrateOperationsSchema } from '../../../platform/operations/operations-schema-migrations';
import { transactionOfRow, type PayfipTransactionRow } from './payfip-transaction-row';
import type { PayfipTransaction, PayfipTransactionStore } from './payfip-transaction-store.port';

export const DEFAULT_PAYFIP_SCHEMA = 'periscol_operations';

/** Lower-case identifier: it goes in SQL text quoted, never from a request. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

interface Tables {
  readonly schema: string;
  readonly transactions: string;
  readonly migrations: string;
}

/** Append-only: a released migration is never edited, a change is a new one. */
const MIGRATIONS: readonly { readonly version: number; readonly sql: (t: Tables) => string }[] = [
  {
    version: 1,
    sql: (t) => `
      CREATE TABLE ${t.transactions} (
        id_op           text        PRIMARY KEY,
        idempotency_key text        NOT NULL,
        refdet          text        NOT NULL,
        order_id        text        NOT NULL,
        payment_id      text        NOT NULL,
        family_id       text        NOT NULL,
        amount_cents    bigint      NOT NULL,
        created_at      timestamptz NOT NULL,
        next_check_at   timestamptz
      );
      CREATE INDEX ON ${t.transactions} (idempotency_key, created_at);
      CREATE INDEX ON ${t.transactions} (payment_id, created_at);
      CREATE INDEX ON ${t.transactions} (next_check_at) WHERE next_check_at IS NOT NULL;`,
  },
];

/**
 * PayFiP's transactions in the PostgreSQL database every host shares (with a PostgreSQL store):
 * PayFiP's notification, or the family back from PayFiP's page, may reach another host than the
 * one that opened the idOp — that host finds it here, and a host gone for good leaves its open
 * idOps to the other hosts' re-query jobs. The hosts' payment inboxes are their own files, so a
 * transaction is settled when its outcome is recorded (`settle`), not by reading an inbox.
 * Due transactions are claimed `FOR UPDATE SKIP LOCKED`: jobs on several hosts claim different
 * ones without waiting for each other.
 */
export class PostgresPayfipTransactionStore implements PayfipTransactionStore {
  private constructor(
    private readonly pool: Pool,
    private readonly t: Tables,
  ) {}

  /** Opens the store on `pool` (owned by the caller), creating or upgrading its table. */
  static async open(pool: Pool, options: { readonly schema?: string } = {}): Promise<PostgresPayfipTransactionStore> {
    const schema = options.schema ?? DEFAULT_PAYFIP_SCHEMA;
    if (!SCHEMA_NAME.test(schema)) throw new Error(`schema must match ${SCHEMA_NAME.source}, got ${JSON.stringify(schema)}`);
    const quoted = `"${schema}"`;
    const tables = { schema: quoted, transactions: `${quoted}.payfip_transaction`, migrations: `${quoted}.payfip_schema_migrations` };
    await migrateOperationsSchema(pool, schema, tables.migrations, MIGRATIONS.map((migration) => ({ version: migration.version, sql: migration.sql(tables) })));
    return new PostgresPayfipTransactionStore(pool, tables);
  }

  async insert(transaction: PayfipTransaction, firstCheckAt: Date): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.t.transactions} (id_op, idempotency_key, refdet, order_id, payment_id, family_id, amount_cents, created_at, next_check_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) ON CONFLICT (id_op) DO NOTHING`,
      [transaction.idOp, transaction.idempotencyKey, transaction.refdet, transaction.orderId, transaction.paymentId, transaction.familyId, transaction.amountCents, transaction.createdAt, firstCheckAt],
    );
  }

  async find(idOp: string): Promise<PayfipTransaction | undefined> {
    return this.one(`SELECT * FROM ${this.t.transactions} WHERE id_op = $1`, [idOp]);
  }

  async findForPayment(paymentId: string): Promise<PayfipTransaction | undefined> {
    return this.one(`SELECT * FROM ${this.t.transactions} WHERE payment_id = $1 ORDER BY created_at DESC LIMIT 1`, [paymentId]);
  }

  async latestForKey(idempotencyKey: string, since: Date): Promise<PayfipTransaction | undefined> {
    return this.one(`SELECT * FROM ${this.t.transactions} WHERE idempotency_key = $1 AND created_at >= $2 ORDER BY created_at DESC LIMIT 1`, [idempotencyKey, since]);
  }

  async claimDue(now: Date, intervalMs: number, limit: number): Promise<readonly PayfipTransaction[]> {
    const { rows } = await this.pool.query<PayfipTransactionRow<Date, string>>(
      `UPDATE ${this.t.transactions} SET next_check_at = $2
       WHERE id_op IN (SELECT id_op FROM ${this.t.transactions} WHERE next_check_at IS NOT NULL AND next_check_at <= $1
                       ORDER BY next_check_at, id_op LIMIT $3 FOR UPDATE SKIP LOCKED)
       RETURNING *`,
      [now, new Date(now.getTime() + intervalMs), limit],
    );
    return rows.map(transactionOfRow).sort((a, b) => a.createdAt.getTime() - b.createdAt.getTime() || a.idOp.localeCompare(b.idOp));
  }

  async settle(idOp: string): Promise<void> {
    await this.pool.query(`UPDATE ${this.t.transactions} SET next_check_at = NULL WHERE id_op = $1`, [idOp]);
  }

  async nextCheckAt(): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ at: Date | null }>(`SELECT MIN(next_check_at) AS at FROM ${this.t.transactions} WHERE next_check_at IS NOT NULL`);
    return rows[0]?.at ?? undefined;
  }

  private async one(sql: string, params: unknown[]): Promise<PayfipTransaction | undefined> {
    const { rows } = await this.pool.query<PayfipTransactionRow<Date, string>>(sql, params);
    return rows.length === 0 ? undefined : transactionOfRow(rows[0]);
  }
}
