import { createHash } from 'node:crypto';
import type { MailMessage } from './mail-message';

export type MailStatus = 'pending' | 'sending' | 'delivered' | 'rejected';

/** What `enqueue` did: a Message-ID is enqueued once; `sameContent` tells whether a repeated
 * enqueue carried the same message (the first one stays, whatever the second says); `erased`:
 * the message was erased with its family's personal data (R17) and is never stored again. */
export type EnqueueResult =
  | { readonly outcome: 'enqueued'; readonly messageId: string }
  | { readonly outcome: 'duplicate'; readonly messageId: string; readonly sameContent: boolean }
  | { readonly outcome: 'erased'; readonly messageId: string };

/** The messages that keep failing (for the health check). */
export interface FailingMail {
  readonly count: number;
  /** Enqueue time of the oldest one. */
  readonly oldestEnqueuedAt?: Date;
  /** Most failed attempts of one of them. */
  readonly mostAttempts: number;
}

export interface MailRecord {
  readonly messageId: string;
  readonly to: string;
  readonly subject: string;
  readonly status: MailStatus;
  /** Transport attempts started so far. */
  readonly attempts: number;
  readonly enqueuedAt: Date;
  /** `pending`: next attempt; `sending`: end of the current attempt's lease. */
  readonly dueAt: Date;
  readonly deliveredAt?: Date;
  readonly lastError?: string;
  /** The transport's acceptance (SMTP `250 …` line, or the `.eml` path). */
  readonly response?: string;
}

/** A message handed to one dispatcher for one attempt. */
export interface ClaimedMail extends MailMessage {
  readonly claimToken: string;
  readonly attempt: number;
  readonly enqueuedAt: Date;
}

/**
 * The e-mail outbox: every message is held until a transport accepted it.
 *
 * Life of a row: `pending` → (claimed by a dispatcher) `sending` → `delivered`; a failed attempt
 * goes back to `pending` with a later `due_at`; a permanent refusal (SMTP 5xx for the recipient
 * or the content) goes to `rejected`, kept for an agent to fix and `requeue`. A `sending` row is
 * leased: its dispatcher renews the lease while the attempt runs; if the dispatcher dies, the
 * row is due again once the lease ends, a minute later by default. Two dispatchers, in one
 * process or on several hosts, never hold the same row at once.
 *
 * Delivery is at least once: a process that dies after the SMTP server accepted a message but
 * before `delivered` was recorded sends it again when the lease ends. The re-send is the same
 * message, same Message-ID (from the ticket number) and same Date, so the receiving side can
 * recognise the duplicate. See MailDispatcher.
 *
 * Erasure (R17): `erase` deletes a family's messages, sent or not, and keeps their Message-IDs,
 * so a ticket e-mail being enqueued at that moment is refused.
 *
 * Adapters: `SqliteMailOutbox` (the data folder's operations database, shared by the processes of
 * one host) and `PostgresMailOutbox` (one outbox for every host over a PostgreSQL store). Both
 * pass `mail-outbox-contract.fixture.ts`.
 */
export interface MailOutbox {
  /** Stores the message unless its Message-ID is already in the outbox (then nothing changes).
   * @throws InvalidMailError, and stores nothing */
  enqueue(message: MailMessage): Promise<EnqueueResult>;
  /**
   * Hands the due rows (pending and due, or sending with an expired lease) to the caller for one
   * attempt: each becomes `sending` with `attempts + 1`, leased until `now + leaseMs`, tagged
   * with `claimToken`. Oldest due first, at most `limit`.
   */
  claimDue(now: Date, options: { readonly claimToken: string; readonly leaseMs: number; readonly limit: number }): Promise<ClaimedMail[]>;
  /** Keeps a claimed row leased until `until` while its attempt runs; false if the claim is lost. */
  renewLease(messageId: string, claimToken: string, until: Date): Promise<boolean>;
  /**
   * The transport accepted the message. Recorded whatever the claim (if our lease ran out and
   * another dispatcher re-claimed the row, recording it now stops any further send).
   */
  markDelivered(messageId: string, at: Date, response: string): Promise<void>;
  /** The attempt failed: due again at `retryAt`, if the row is still ours. */
  markRetry(messageId: string, claimToken: string, retryAt: Date, error: string): Promise<boolean>;
  /** Permanently refused by the server: kept, no more attempts until `requeue`. */
  markRejected(messageId: string, claimToken: string, error: string): Promise<boolean>;
  /** A rejected message is tried again (after fixing the address or the server). */
  requeue(messageId: string, now?: Date): Promise<boolean>;
  /**
   * Personal data does not stay in the outbox once delivered (R17): for messages delivered
   * before `before`, the address, texts and attachments are erased. The row itself stays as a
   * tombstone, so enqueuing the same Message-ID again (a subscription replay) is still a
   * duplicate and is never sent again. Returns how many messages were purged.
   */
  purgeDelivered(before: Date): Promise<number>;
  /**
   * R17: deletes these messages (sent or not: an unsent one is never sent) with their
   * attachments, and keeps their Message-IDs so they are never enqueued again.
   */
  erase(messageIds: readonly string[], at?: Date): Promise<void>;
  isErased(messageId: string): Promise<boolean>;
  /** Undelivered messages whose attempts failed so far (the last error is cleared on delivery). */
  failing(): Promise<FailingMail>;
  get(messageId: string): Promise<MailRecord | undefined>;
  list(filter?: { readonly status?: MailStatus; readonly limit?: number }): Promise<MailRecord[]>;
  counts(): Promise<Record<MailStatus, number>>;
  /** When the next row falls due (a pending attempt or a lease ending), if any. */
  nextDueAt(): Promise<Date | undefined>;
}

/** What a repeated enqueue is compared on: recipient, texts and attachments. */
export function mailFingerprint(message: MailMessage): string {
  const hash = createHash('sha256');
  hash.update(JSON.stringify([message.to, message.subject, message.text, message.html ?? null]));
  for (const a of message.attachments) {
    hash.update(JSON.stringify([a.filename, a.contentType, createHash('sha256').update(a.content).digest('hex')]));
  }
  return hash.digest('hex');
}
