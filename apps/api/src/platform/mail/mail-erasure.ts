import type { MailServices } from './mail.config';

/**
 * R17 for e-mail: the messages written for an erased family leave the outbox (sent or not: an
 * unsent one is never sent, nor enqueued again) and the transport's copies (`.eml` files) go.
 * A message the dispatcher is sending at that moment has its file removed once written (see
 * MailDispatcher). Idempotent: an interrupted erasure is completed by running it again.
 */
export async function eraseMail(mail: Pick<MailServices, 'outbox' | 'transport'>, messageIds: readonly string[]): Promise<void> {
  try {
    await mail.outbox.erase(messageIds);
  } finally {
    for (const messageId of messageIds) await mail.transport.forget?.(messageId);
  }
}
