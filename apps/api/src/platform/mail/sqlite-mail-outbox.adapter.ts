import type Database from 'better-sqlite3';
import { type MailAttachment, type MailMessage, parseMailMessage } from './mail-message';
import { mailMessageOf, mailRecordOf, type MailOutboxRow } from './mail-outbox-row';
import type { ClaimedMail, EnqueueResult, FailingMail, MailOutbox, MailRecord, MailStatus } from './mail-outbox.port';
import { mailFingerprint } from './mail-outbox.port';

type MailRow = MailOutboxRow<number>;

interface AttachmentRow {
  filename: string;
  content_type: string;
  content: Buffer;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS mail_outbox (
  message_id   TEXT PRIMARY KEY,
  recipient    TEXT NOT NULL,
  subject      TEXT NOT NULL,
  text_body    TEXT NOT NULL,
  html_body    TEXT,
  fingerprint  TEXT NOT NULL,
  status       TEXT NOT NULL CHECK (status IN ('pending', 'sending', 'delivered', 'rejected')),
  attempts     INTEGER NOT NULL DEFAULT 0,
  enqueued_at  INTEGER NOT NULL,
  due_at       INTEGER NOT NULL,
  claim_token  TEXT,
  delivered_at INTEGER,
  last_error   TEXT,
  response     TEXT
) STRICT;
CREATE INDEX IF NOT EXISTS mail_outbox_due ON mail_outbox (status, due_at);
CREATE TABLE IF NOT EXISTS mail_outbox_attachment (
  message_id   TEXT NOT NULL REFERENCES mail_outbox (message_id),
  position     INTEGER NOT NULL,
  filename     TEXT NOT NULL,
  content_type TEXT NOT NULL,
  content      BLOB NOT NULL,
  PRIMARY KEY (message_id, position)
) STRICT;
CREATE TABLE IF NOT EXISTS mail_outbox_erased (
  message_id TEXT PRIMARY KEY,
  erased_at  INTEGER NOT NULL
) STRICT;
`;

/**
 * The outbox (see `MailOutbox`) in a SQLite database: the data folder's operations database,
 * shared by the API processes of one host. Claiming is one SQLite write transaction. Erasure:
 * the database is opened with `secure_delete`, and the WAL is truncated after each erasure.
 */
export class SqliteMailOutbox implements MailOutbox {
  private readonly clock: () => Date;

  constructor(
    private readonly db: Database.Database,
    options: { readonly clock?: () => Date } = {},
  ) {
    this.clock = options.clock ?? (() => new Date());
    db.exec(SCHEMA);
  }

  /** Stores the message unless its Message-ID is already in the outbox (then nothing changes).
   * @throws InvalidMailError, and stores nothing */
  async enqueue(message: MailMessage): Promise<EnqueueResult> {
    parseMailMessage(message);
    const fingerprint = mailFingerprint(message);
    const now = this.clock().getTime();
    const run = this.db.transaction((): EnqueueResult => {
      if (this.erasedRow(message.messageId)) return { outcome: 'erased', messageId: message.messageId };
      const inserted = this.db
        .prepare(
          `INSERT INTO mail_outbox (message_id, recipient, subject, text_body, html_body, fingerprint, status, enqueued_at, due_at)
           VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?) ON CONFLICT (message_id) DO NOTHING`,
        )
        .run(message.messageId, message.to, message.subject, message.text, message.html ?? null, fingerprint, now, now);
      if (inserted.changes === 0) {
        const existing = this.db.prepare('SELECT fingerprint FROM mail_outbox WHERE message_id = ?').get(message.messageId) as {
          fingerprint: string;
        };
        return { outcome: 'duplicate', messageId: message.messageId, sameContent: existing.fingerprint === fingerprint };
      }
      const attach = this.db.prepare(
        'INSERT INTO mail_outbox_attachment (message_id, position, filename, content_type, content) VALUES (?, ?, ?, ?, ?)',
      );
      message.attachments.forEach((a, position) => attach.run(message.messageId, position, a.filename, a.contentType, a.content));
      return { outcome: 'enqueued', messageId: message.messageId };
    });
    return run.immediate();
  }

  /**
   * Hands the due rows (pending and due, or sending with an expired lease) to the caller for one
   * attempt: each becomes `sending` with `attempts + 1`, leased until `now + leaseMs`, tagged
   * with `claimToken`. Oldest due first, at most `limit`.
   */
  async claimDue(now: Date, options: { readonly claimToken: string; readonly leaseMs: number; readonly limit: number }): Promise<ClaimedMail[]> {
    const at = now.getTime();
    const run = this.db.transaction((): ClaimedMail[] => {
      const rows = this.db
        .prepare(
          `SELECT * FROM mail_outbox WHERE status IN ('pending', 'sending') AND due_at <= ? ORDER BY due_at, enqueued_at LIMIT ?`,
        )
        .all(at, options.limit) as MailRow[];
      const claim = this.db.prepare(
        `UPDATE mail_outbox SET status = 'sending', attempts = attempts + 1, due_at = ?, claim_token = ?
         WHERE message_id = ? AND status IN ('pending', 'sending') AND due_at <= ?`,
      );
      return rows.map((row) => {
        claim.run(at + options.leaseMs, options.claimToken, row.message_id, at);
        return {
          ...this.messageOf(row),
          claimToken: options.claimToken,
          attempt: row.attempts + 1,
          enqueuedAt: new Date(row.enqueued_at),
        };
      });
    });
    return run.immediate();
  }

  /** Keeps a claimed row leased until `until` while its attempt runs; false if the claim is lost. */
  async renewLease(messageId: string, claimToken: string, until: Date): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE mail_outbox SET due_at = MAX(due_at, ?) WHERE message_id = ? AND claim_token = ? AND status = 'sending'`)
        .run(until.getTime(), messageId, claimToken).changes === 1
    );
  }

  /**
   * The transport accepted the message. Recorded whatever the claim (if our lease ran out and
   * another dispatcher re-claimed the row, recording it now stops any further send).
   */
  async markDelivered(messageId: string, at: Date, response: string): Promise<void> {
    this.db
      .prepare(
        `UPDATE mail_outbox SET status = 'delivered', delivered_at = ?, response = ?, claim_token = NULL, last_error = NULL
         WHERE message_id = ? AND status <> 'delivered'`,
      )
      .run(at.getTime(), response, messageId);
  }

  /** The attempt failed: due again at `retryAt`, if the row is still ours. */
  async markRetry(messageId: string, claimToken: string, retryAt: Date, error: string): Promise<boolean> {
    return (
      this.db
        .prepare(
          `UPDATE mail_outbox SET status = 'pending', due_at = ?, last_error = ?, claim_token = NULL
           WHERE message_id = ? AND claim_token = ? AND status = 'sending'`,
        )
        .run(retryAt.getTime(), error, messageId, claimToken).changes === 1
    );
  }

  /** Permanently refused by the server: kept, no more attempts until `requeue`. */
  async markRejected(messageId: string, claimToken: string, error: string): Promise<boolean> {
    return (
      this.db
        .prepare(
          `UPDATE mail_outbox SET status = 'rejected', last_error = ?, claim_token = NULL
           WHERE message_id = ? AND claim_token = ? AND status = 'sending'`,
        )
        .run(error, messageId, claimToken).changes === 1
    );
  }

  /** A rejected message is tried again (after fixing the address or the server). */
  async requeue(messageId: string, now: Date = this.clock()): Promise<boolean> {
    return (
      this.db
        .prepare(`UPDATE mail_outbox SET status = 'pending', attempts = 0, due_at = ? WHERE message_id = ? AND status = 'rejected'`)
        .run(now.getTime(), messageId).changes === 1
    );
  }

  /**
   * Personal data does not stay in the outbox once delivered (R17): for messages delivered
   * before `before`, the address, texts and attachments are erased. The row itself stays as a
   * tombstone, so enqueuing the same Message-ID again (a subscription replay) is still a
   * duplicate and is never sent again. Returns how many messages were purged.
   */
  async purgeDelivered(before: Date): Promise<number> {
    const run = this.db.transaction((): number => {
      const ids = this.db
        .prepare(`SELECT message_id FROM mail_outbox WHERE status = 'delivered' AND delivered_at < ? AND recipient <> ''`)
        .pluck()
        .all(before.getTime()) as string[];
      const dropAttachments = this.db.prepare('DELETE FROM mail_outbox_attachment WHERE message_id = ?');
      const blank = this.db.prepare(
        `UPDATE mail_outbox SET recipient = '', subject = '', text_body = '', html_body = NULL, fingerprint = '' WHERE message_id = ?`,
      );
      for (const id of ids) {
        dropAttachments.run(id);
        blank.run(id);
      }
      return ids.length;
    });
    return run.immediate();
  }

  /**
   * R17: deletes these messages (sent or not: an unsent one is never sent) with their
   * attachments, and keeps their Message-IDs so they are never enqueued again. Then truncates
   * the WAL: its older frames are whole pages that still hold the deleted rows.
   * @throws when a reader kept the WAL busy (the rows are deleted all the same: erase again)
   */
  async erase(messageIds: readonly string[], at: Date = this.clock()): Promise<void> {
    const run = this.db.transaction(() => {
      const dropAttachments = this.db.prepare('DELETE FROM mail_outbox_attachment WHERE message_id = ?');
      const drop = this.db.prepare('DELETE FROM mail_outbox WHERE message_id = ?');
      const remember = this.db.prepare('INSERT INTO mail_outbox_erased (message_id, erased_at) VALUES (?, ?) ON CONFLICT (message_id) DO NOTHING');
      for (const id of messageIds) {
        dropAttachments.run(id);
        drop.run(id);
        remember.run(id, at.getTime());
      }
    });
    run.immediate();
    const [checkpoint] = this.db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
    if (checkpoint !== undefined && checkpoint.busy !== 0) throw new Error('e-mails erased, but a reader kept the WAL that still holds them: erase again');
  }

  async isErased(messageId: string): Promise<boolean> {
    return this.erasedRow(messageId);
  }

  /** Undelivered messages whose attempts failed so far (the last error is cleared on delivery). */
  async failing(): Promise<FailingMail> {
    const row = this.db
      .prepare(
        `SELECT COUNT(*) AS count, MIN(enqueued_at) AS oldest, MAX(attempts) AS attempts FROM mail_outbox
         WHERE status IN ('pending', 'sending') AND attempts > 0 AND last_error IS NOT NULL`,
      )
      .get() as { count: number; oldest: number | null; attempts: number | null };
    return { count: row.count, mostAttempts: row.attempts ?? 0, ...(row.oldest === null ? {} : { oldestEnqueuedAt: new Date(row.oldest) }) };
  }

  async get(messageId: string): Promise<MailRecord | undefined> {
    const row = this.db.prepare('SELECT * FROM mail_outbox WHERE message_id = ?').get(messageId) as MailRow | undefined;
    return row === undefined ? undefined : mailRecordOf(row, fromMs);
  }

  async list(filter: { readonly status?: MailStatus; readonly limit?: number } = {}): Promise<MailRecord[]> {
    const rows = (
      filter.status === undefined
        ? this.db.prepare('SELECT * FROM mail_outbox ORDER BY enqueued_at, message_id LIMIT ?').all(filter.limit ?? 1000)
        : this.db
            .prepare('SELECT * FROM mail_outbox WHERE status = ? ORDER BY enqueued_at, message_id LIMIT ?')
            .all(filter.status, filter.limit ?? 1000)
    ) as MailRow[];
    return rows.map((row) => mailRecordOf(row, fromMs));
  }

  async counts(): Promise<Record<MailStatus, number>> {
    const counts: Record<MailStatus, number> = { pending: 0, sending: 0, delivered: 0, rejected: 0 };
    for (const { status, n } of this.db.prepare('SELECT status, COUNT(*) AS n FROM mail_outbox GROUP BY status').all() as {
      status: MailStatus;
      n: number;
    }[]) {
      counts[status] = n;
    }
    return counts;
  }

  /** When the next row falls due (a pending attempt or a lease ending), if any. */
  async nextDueAt(): Promise<Date | undefined> {
    const { due } = this.db.prepare(`SELECT MIN(due_at) AS due FROM mail_outbox WHERE status IN ('pending', 'sending')`).get() as {
      due: number | null;
    };
    return due === null ? undefined : new Date(due);
  }

  private erasedRow(messageId: string): boolean {
    return this.db.prepare('SELECT 1 FROM mail_outbox_erased WHERE message_id = ?').get(messageId) !== undefined;
  }

  private messageOf(row: MailRow): MailMessage {
    const attachments = (
      this.db
        .prepare('SELECT filename, content_type, content FROM mail_outbox_attachment WHERE message_id = ? ORDER BY position')
        .all(row.message_id) as AttachmentRow[]
    ).map((a): MailAttachment => ({ filename: a.filename, contentType: a.content_type, content: a.content }));
    return mailMessageOf(row, attachments);
  }
}

const fromMs = (ms: number): Date => new Date(ms);
