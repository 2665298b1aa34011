import { createHash } from 'node:crypto';
import type { Pool, PoolClient } from 'pg';
import { type MailAttachment, type MailMessage, parseMailMessage } from './mail-message';
import { mailMessageOf, mailRecordOf, type MailOutboxRow } from './mail-outbox-row';
import type { ClaimedMail, EnqueueResult, FailingMail, MailOutbox, MailRecord, MailStatus } from './mail-outbox.port';
import { mailFingerprint } from './mail-outbox.port';
import { migrateOperationsSchema } from '../operations/operations-schema-migrations';

export const DEFAULT_OPERATIONS_SCHEMA = 'periscol_operations';

/** Lower-case identifier: it goes in SQL text quoted, never from a request. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

/** First key of the outbox's advisory lock on a Message-ID (the second is its hash); its tables are created under the operations schema's lock. */
const LOCK_CLASS = { message: 0x50450102 } as const;

type MailRow = MailOutboxRow<Date>;

interface Tables {
  readonly schema: string;
  readonly outbox: string;
  readonly attachments: string;
  readonly erased: string;
  readonly migrations: string;
  /** The schema's name, unquoted. */
  readonly schemaName: string;
}

/** Append-only: a released migration is never edited, a change is a new one. */
const MIGRATIONS: readonly { readonly version: number; readonly sql: (t: Tables) => string }[] = [
  {
    version: 1,
    sql: (t) => `
      CREATE TABLE ${t.outbox} (
        message_id   text        PRIMARY KEY,
        recipient    text        NOT NULL,
        subject      text        NOT NULL,
        text_body    text        NOT NULL,
        html_body    text,
        fingerprint  text        NOT NULL,
        status       text        NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'rejected')),
        attempts     integer     NOT NULL DEFAULT 0,
        enqueued_at  timestamptz NOT NULL,
        due_at       timestamptz NOT NULL,
        claim_token  text,
        delivered_at timestamptz,
        last_error   text,
        response     text
      );
      CREATE INDEX ON ${t.outbox} (due_at, enqueued_at) WHERE status IN ('pending', 'sending');
      CREATE TABLE ${t.attachments} (
        message_id   text    NOT NULL REFERENCES ${t.outbox} (message_id) ON DELETE CASCADE,
        position     integer NOT NULL,
        filename     text    NOT NULL,
        content_type text    NOT NULL,
        content      bytea   NOT NULL,
        PRIMARY KEY (message_id, position)
      );
      CREATE TABLE ${t.erased} (
        message_id text        PRIMARY KEY,
        erased_at  timestamptz NOT NULL
      );`,
  },
];

function tablesOf(schema: string): Tables {
  if (!SCHEMA_NAME.test(schema)) throw new Error(`schema must match ${SCHEMA_NAME.source}, got ${JSON.stringify(schema)}`);
  const quoted = `"${schema}"`;
  return {
    schema: quoted,
    outbox: `${quoted}.mail_outbox`,
    attachments: `${quoted}.mail_outbox_attachment`,
    erased: `${quoted}.mail_outbox_erased`,
    migrations: `${quoted}.schema_migrations`,
    schemaName: schema,
  };
}

export interface PostgresMailOutboxOptions {
  /** Schema holding the outbox's tables (created if missing), default `periscol_operations`. */
  readonly schema?: string;
  readonly clock?: () => Date;
}

/**
 * The outbox (see `MailOutbox`) in PostgreSQL: one outbox for every API process on every host
 * over the same database, so a ticket is enqueued once whichever host saw its payment, and any
 * host's dispatcher sends what another host enqueued and left (a crashed host's messages go out
 * once their one-minute claim ends).
 *
 * Claims take due rows `FOR UPDATE SKIP LOCKED`: dispatchers on several hosts claim different
 * rows without waiting for each other. An enqueue and an erasure of the same Message-ID are
 * serialised by a transaction-level advisory lock on it, so an erased message is never stored
 * again. Erasure deletes the rows; like the PostgreSQL event store, PostgreSQL keeps the dead row
 * versions in its files until VACUUM reuses their space, and in WAL and backups until they age out
 * (docs/architecture.md).
 */
export class PostgresMailOutbox implements MailOutbox {
  private readonly clock: () => Date;

  private constructor(
    private readonly pool: Pool,
    private readonly t: Tables,
    clock: (() => Date) | undefined,
  ) {
    this.clock = clock ?? (() => new Date());
  }

  /** Opens the outbox on `pool` (owned by the caller), creating or upgrading its tables. */
  static async open(pool: Pool, options: PostgresMailOutboxOptions = {}): Promise<PostgresMailOutbox> {
    const tables = tablesOf(options.schema ?? DEFAULT_OPERATIONS_SCHEMA);
    const outbox = new PostgresMailOutbox(pool, tables, options.clock);
    await outbox.migrate();
    return outbox;
  }

  async enqueue(message: MailMessage): Promise<EnqueueResult> {
    parseMailMessage(message);
    const fingerprint = mailFingerprint(message);
    const now = this.clock();
    return this.inTransaction(async (client): Promise<EnqueueResult> => {
      await this.lockMessage(client, message.messageId);
      if (await this.erasedIn(client, message.messageId)) return { outcome: 'erased', messageId: message.messageId };
      const inserted = await client.query(
        `INSERT INTO ${this.t.outbox} (message_id, recipient, subject, text_body, html_body, fingerprint, status, enqueued_at, due_at)
         VALUES ($1, $2, $3, $4, $5, $6, 'pending', $7, $7) ON CONFLICT (message_id) DO NOTHING`,
        [message.messageId, message.to, message.subject, message.text, message.html ?? null, fingerprint, now],
      );
      if (inserted.rowCount === 0) {
        const existing = await client.query<{ fingerprint: string }>(`SELECT fingerprint FROM ${this.t.outbox} WHERE message_id = $1`, [message.messageId]);
        return { outcome: 'duplicate', messageId: message.messageId, sameContent: existing.rows[0]?.fingerprint === fingerprint };
      }
      for (const [position, a] of message.attachments.entries()) {
        await client.query(
          `INSERT INTO ${this.t.attachments} (message_id, position, filename, content_type, content) VALUES ($1, $2, $3, $4, $5)`,
          [message.messageId, position, a.filename, a.contentType, a.content],
        );
      }
      return { outcome: 'enqueued', messageId: message.messageId };
    });
  }

  async claimDue(now: Date, options: { readonly claimToken: string; readonly leaseMs: number; readonly limit: number }): Promise<ClaimedMail[]> {
    const claimed = await this.pool.query<MailRow & { was_due: Date }>(
      `WITH due AS (
         SELECT message_id, due_at AS was_due FROM ${this.t.outbox}
         WHERE status IN ('pending', 'sending') AND due_at <= $1
         ORDER BY due_at, enqueued_at LIMIT $2 FOR UPDATE SKIP LOCKED
       )
       UPDATE ${this.t.outbox} AS o SET status = 'sending', attempts = o.attempts + 1, due_at = $3, claim_token = $4
       FROM due WHERE o.message_id = due.message_id
       RETURNING o.*, due.was_due`,
      [now, options.limit, new Date(now.getTime() + options.leaseMs), options.claimToken],
    );
    const rows = claimed.rows.sort((a, b) => a.was_due.getTime() - b.was_due.getTime() || a.enqueued_at.getTime() - b.enqueued_at.getTime());
    const attachments = await this.attachmentsOf(rows.map((row) => row.message_id));
    return rows.map((row) => ({
      ...mailMessageOf(row, attachments.get(row.message_id) ?? []),
      claimToken: options.claimToken,
      attempt: row.attempts,
      enqueuedAt: row.enqueued_at,
    }));
  }

  async renewLease(messageId: string, claimToken: string, until: Date): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.t.outbox} SET due_at = GREATEST(due_at, $1) WHERE message_id = $2 AND claim_token = $3 AND status = 'sending'`,
      [until, messageId, claimToken],
    );
    return result.rowCount === 1;
  }

  async markDelivered(messageId: string, at: Date, response: string): Promise<void> {
    await this.pool.query(
      `UPDATE ${this.t.outbox} SET status = 'delivered', delivered_at = $1, response = $2, claim_token = NULL, last_error = NULL
       WHERE message_id = $3 AND status <> 'delivered'`,
      [at, response, messageId],
    );
  }

  async markRetry(messageId: string, claimToken: string, retryAt: Date, error: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.t.outbox} SET status = 'pending', due_at = $1, last_error = $2, claim_token = NULL
       WHERE message_id = $3 AND claim_token = $4 AND status = 'sending'`,
      [retryAt, error, messageId, claimToken],
    );
    return result.rowCount === 1;
  }

  async markRejected(messageId: string, claimToken: string, error: string): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.t.outbox} SET status = 'rejected', last_error = $1, claim_token = NULL
       WHERE message_id = $2 AND claim_token = $3 AND status = 'sending'`,
      [error, messageId, claimToken],
    );
    return result.rowCount === 1;
  }

  async requeue(messageId: string, now: Date = this.clock()): Promise<boolean> {
    const result = await this.pool.query(
      `UPDATE ${this.t.outbox} SET status = 'pending', attempts = 0, due_at = $1 WHERE message_id = $2 AND status = 'rejected'`,
      [now, messageId],
    );
    return result.rowCount === 1;
  }

  async purgeDelivered(before: Date): Promise<number> {
    return this.inTransaction(async (client) => {
      const purged = await client.query<{ message_id: string }>(
        `UPDATE ${this.t.outbox} SET recipient = '', subject = '', text_body = '', html_body = NULL, fingerprint = ''
         WHERE status = 'delivered' AND delivered_at < $1 AND recipient <> '' RETURNING message_id`,
        [before],
      );
      const ids = purged.rows.map((row) => row.message_id);
      if (ids.length > 0) await client.query(`DELETE FROM ${this.t.attachments} WHERE message_id = ANY($1)`, [ids]);
      return ids.length;
    });
  }

  async erase(messageIds: readonly string[], at: Date = this.clock()): Promise<void> {
    await this.inTransaction(async (client) => {
      // One order for every eraser, so two erasures sharing messages never deadlock.
      for (const id of [...new Set(messageIds)].sort()) {
        await this.lockMessage(client, id);
        await client.query(`DELETE FROM ${this.t.outbox} WHERE message_id = $1`, [id]);
        await client.query(`INSERT INTO ${this.t.erased} (message_id, erased_at) VALUES ($1, $2) ON CONFLICT (message_id) DO NOTHING`, [id, at]);
      }
    });
  }

  async isErased(messageId: string): Promise<boolean> {
    const result = await this.pool.query(`SELECT 1 FROM ${this.t.erased} WHERE message_id = $1`, [messageId]);
    return result.rowCount === 1;
  }

  async failing(): Promise<FailingMail> {
    const { rows } = await this.pool.query<{ count: string; oldest: Date | null; attempts: number | null }>(
      `SELECT COUNT(*) AS count, MIN(enqueued_at) AS oldest, MAX(attempts) AS attempts FROM ${this.t.outbox}
       WHERE status IN ('pending', 'sending') AND attempts > 0 AND last_error IS NOT NULL`,
    );
    const row = rows[0] ?? { count: '0', oldest: null, attempts: null };
    return { count: Number(row.count), mostAttempts: row.attempts ?? 0, ...(row.oldest === null ? {} : { oldestEnqueuedAt: row.oldest }) };
  }

  async get(messageId: string): Promise<MailRecord | undefined> {
    const { rows } = await this.pool.query<MailRow>(`SELECT * FROM ${this.t.outbox} WHERE message_id = $1`, [messageId]);
    return rows[0] === undefined ? undefined : mailRecordOf(rows[0], asDate);
  }

  async list(filter: { readonly status?: MailStatus; readonly limit?: number } = {}): Promise<MailRecord[]> {
    const { rows } =
      filter.status === undefined
        ? await this.pool.query<MailRow>(`SELECT * FROM ${this.t.outbox} ORDER BY enqueued_at, message_id LIMIT $1`, [filter.limit ?? 1000])
        : await this.pool.query<MailRow>(`SELECT * FROM ${this.t.outbox} WHERE status = $1 ORDER BY enqueued_at, message_id LIMIT $2`, [
            filter.status,
            filter.limit ?? 1000,
          ]);
    return rows.map((row) => mailRecordOf(row, asDate));
  }

  async counts(): Promise<Record<MailStatus, number>> {
    const counts: Record<MailStatus, number> = { pending: 0, sending: 0, delivered: 0, rejected: 0 };
    const { rows } = await this.pool.query<{ status: MailStatus; n: string }>(`SELECT status, COUNT(*) AS n FROM ${this.t.outbox} GROUP BY status`);
    for (const { status, n } of rows) counts[status] = Number(n);
    return counts;
  }

  async nextDueAt(): Promise<Date | undefined> {
    const { rows } = await this.pool.query<{ due: Date | null }>(`SELECT MIN(due_at) AS due FROM ${this.t.outbox} WHERE status IN ('pending', 'sending')`);
    return rows[0]?.due ?? undefined;
  }

  private async migrate(): Promise<void> {
    await migrateOperationsSchema(this.pool, this.t.schemaName, this.t.migrations, MIGRATIONS.map((migration) => ({ version: migration.version, sql: migration.sql(this.t) })));
  }

  private async lockMessage(client: PoolClient, messageId: string): Promise<void> {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [LOCK_CLASS.message, hash32(messageId)]);
  }

  private async erasedIn(client: PoolClient, messageId: string): Promise<boolean> {
    return (await client.query(`SELECT 1 FROM ${this.t.erased} WHERE message_id = $1`, [messageId])).rowCount === 1;
  }

  private async attachmentsOf(messageIds: readonly string[]): Promise<Map<string, MailAttachment[]>> {
    const byMessage = new Map<string, MailAttachment[]>();
    if (messageIds.length === 0) return byMessage;
    const { rows } = await this.pool.query<{ message_id: string; filename: string; content_type: string; content: Buffer }>(
      `SELECT message_id, filename, content_type, content FROM ${this.t.attachments} WHERE message_id = ANY($1) ORDER BY message_id, position`,
      [messageIds],
    );
    for (const row of rows) {
      const list = byMessage.get(row.message_id) ?? [];
      list.push({ filename: row.filename, contentType: row.content_type, content: row.content });
      byMessage.set(row.message_id, list);
    }
    return byMessage;
  }

  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      await client.query('BEGIN');
      const result = await work(client);
      await client.query('COMMIT');
      return result;
    } catch (error) {
      await client.query('ROLLBACK').catch(() => undefined);
      throw error;
    } finally {
      client.release();
    }
  }
}

function hash32(text: string): number {
  return createHash('sha256').update(text).digest().readInt32BE(0);
}

const asDate = (time: Date): Date => time;
