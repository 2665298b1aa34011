import type { MailAttachment, MailMessage } from './mail-message';
import type { MailRecord, MailStatus } from './mail-outbox.port';

/** A row of `mail_outbox` as both adapters store it; times as each database gives them back. */
export interface MailOutboxRow<Time> {
  readonly message_id: string;
  readonly recipient: string;
  readonly subject: string;
  readonly text_body: string;
  readonly html_body: string | null;
  readonly fingerprint: string;
  readonly status: MailStatus;
  readonly attempts: number;
  readonly enqueued_at: Time;
  readonly due_at: Time;
  readonly claim_token: string | null;
  readonly delivered_at: Time | null;
  readonly last_error: string | null;
  readonly response: string | null;
}

export function mailMessageOf(row: MailOutboxRow<unknown>, attachments: MailAttachment[]): MailMessage {
  return {
    messageId: row.message_id,
    to: row.recipient,
    subject: row.subject,
    text: row.text_body,
    ...(row.html_body === null ? {} : { html: row.html_body }),
    attachments,
  };
}

/** SQLite keeps epoch milliseconds, PostgreSQL gives `Date`s back: `toDate` reads either. */
export function mailRecordOf<Time>(row: MailOutboxRow<Time>, toDate: (time: Time) => Date): MailRecord {
  return {
    messageId: row.message_id,
    to: row.recipient,
    subject: row.subject,
    status: row.status,
    attempts: row.attempts,
    enqueuedAt: toDate(row.enqueued_at),
    dueAt: toDate(row.due_at),
    ...(row.delivered_at === null ? {} : { deliveredAt: toDate(row.delivered_at) }),
    ...(row.last_error === null ? {} : { lastError: row.last_error }),
    ...(row.response === null ? {} : { response: row.response }),
  };
}
