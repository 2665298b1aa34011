import type { MailAttachment } from './mail-message';

/** A message ready for the wire: the outbox row plus sender, date and fixed headers. */
export interface OutgoingMail {
  readonly messageId: string;
  readonly from: string;
  readonly to: string;
  readonly subject: string;
  readonly text: string;
  readonly html?: string;
  /** The enqueue time, so every attempt of one message carries the same Date header. */
  readonly date: Date;
  readonly headers: Readonly<Record<string, string>>;
  readonly attachments: readonly MailAttachment[];
}

export interface TransportReceipt {
  /** What the transport said when it took the message (SMTP `250 …`, or the file written). */
  readonly response: string;
}

/**
 * Resolves only once the message is accepted (SMTP server's 250 after DATA, or the `.eml` file
 * durably renamed into place); rejects otherwise. A rejection with `permanent: true` (SMTP 5xx
 * for this recipient or content) is not retried.
 */
export interface MailTransport {
  readonly kind: 'smtp' | 'eml' | (string & {});
  send(mail: OutgoingMail): Promise<TransportReceipt>;
  /** Deletes whatever copy of a message the transport kept (the `.eml` file), R17. SMTP keeps none. */
  forget?(messageId: string): Promise<void>;
  close(): void;
}
