import { randomBytes } from 'node:crypto';
import { mailClaimStreamId } from '@periscol/application';
import { deterministicEventId, type EventStore, WrongExpectedRevisionError } from '@periscol/event-store';
import type Database from 'better-sqlite3';
import type { MailMessage } from './mail-message';
import type { ClaimedMail, EnqueueResult, FailingMail, MailOutbox, MailRecord, MailStatus } from './mail-outbox.port';

/** What a host's dispatcher records before it sends a message: the first one to record it sends it. */
export const MAIL_SEND_CLAIMED = 'MailSendClaimed';

/** Local claims per `claimDue` call before it gives up finding one of ours (the next call goes on). */
const MAX_CLAIM_ROUNDS = 50;

export interface MailSendClaimed {
  readonly messageId: string;
  /** The outbox that sends it (`outboxIdentity`). */
  readonly sender: string;
}

/**
 * The identity of the outbox in this operations database: made once, kept with the outbox's rows,
 * so a host restarted on its data folder (under any host name) recognises its own claims.
 */
export function outboxIdentity(db: Database.Database, instanceId: string): string {
  db.exec('CREATE TABLE IF NOT EXISTS mail_outbox_identity (id TEXT NOT NULL) STRICT');
  const existing = db.prepare('SELECT id FROM mail_outbox_identity LIMIT 1').pluck().get() as string | undefined;
  if (existing !== undefined) return existing;
  const id = `${instanceId}:${randomBytes(6).toString('hex')}`;
  db.prepare('INSERT INTO mail_outbox_identity (id) VALUES (?)').run(id);
  return id;
}

/**
 * One host's outbox on a store that hosts share but that has no table to share an outbox in
 * (EventStoreDB). Each host enqueues in its own outbox; before its dispatcher sends a message it
 * claims it in the store — `MailSendClaimed` on `mail-claim-<hash of the Message-ID>`, appended
 * with the expected revision `no_stream` — so whichever host first claims a message sends it, and
 * a host that finds it claimed by another drops its copy (recorded delivered, the response naming
 * the sender). Nothing is sent twice across hosts, even when a new ticket lease holder handles
 * the last events of a dead one again. A claimed message waits for its host: restarted on its
 * data folder, it recognises its own claim (`outboxIdentity`) and sends it.
 */
export class StoreClaimedMailOutbox implements MailOutbox {
  constructor(
    private readonly local: MailOutbox,
    private readonly store: Pick<EventStore, 'appendToStream' | 'readStream'>,
    private readonly sender: string,
  ) {}

  async claimDue(now: Date, options: { readonly claimToken: string; readonly leaseMs: number; readonly limit: number }): Promise<ClaimedMail[]> {
    // Messages another host sends leave the local outbox: claim again, so they never hide ours.
    for (let round = 0; round < MAX_CLAIM_ROUNDS; round++) {
      const claimed = await this.local.claimDue(now, options);
      if (claimed.length === 0) return [];
      const ours: ClaimedMail[] = [];
      for (const mail of claimed) {
        const sender = await this.claimSending(mail.messageId);
        if (sender === this.sender) ours.push(mail);
        else await this.local.markDelivered(mail.messageId, now, `not sent here: claimed by ${sender}`);
      }
      if (ours.length > 0) return ours;
    }
    return [];
  }

  /** The sender of `messageId`: this outbox if its claim is first (or was, before a restart). */
  private async claimSending(messageId: string): Promise<string> {
    const streamId = mailClaimStreamId(messageId);
    const data: MailSendClaimed = { messageId, sender: this.sender };
    try {
      await this.store.appendToStream(
        streamId,
        [{ type: MAIL_SEND_CLAIMED, data, metadata: { eventId: deterministicEventId(`mail-claim:${messageId}:${this.sender}`, 0), schemaVersion: 1 } }],
        { expectedRevision: 'no_stream' },
      );
      return this.sender;
    } catch (error) {
      if (!(error instanceof WrongExpectedRevisionError)) throw error;
      const { events } = await this.store.readStream(streamId, { maxCount: 1 });
      const first = events[0]?.data as Partial<MailSendClaimed> | undefined;
      return typeof first?.sender === 'string' ? first.sender : 'another host';
    }
  }

  enqueue(message: MailMessage): Promise<EnqueueResult> {
    return this.local.enqueue(message);
  }
  renewLease(messageId: string, claimToken: string, until: Date): Promise<boolean> {
    return this.local.renewLease(messageId, claimToken, until);
  }
  markDelivered(messageId: string, at: Date, response: string): Promise<void> {
    return this.local.markDelivered(messageId, at, response);
  }
  markRetry(messageId: string, claimToken: string, retryAt: Date, error: string): Promise<boolean> {
    return this.local.markRetry(messageId, claimToken, retryAt, error);
  }
  markRejected(messageId: string, claimToken: string, error: string): Promise<boolean> {
    return this.local.markRejected(messageId, claimToken, error);
  }
  requeue(messageId: string, now?: Date): Promise<boolean> {
    return this.local.requeue(messageId, now);
  }
  purgeDelivered(before: Date): Promise<number> {
    return this.local.purgeDelivered(before);
  }
  erase(messageIds: readonly string[], at?: Date): Promise<void> {
    return this.local.erase(messageIds, at);
  }
  isErased(messageId: string): Promise<boolean> {
    return this.local.isErased(messageId);
  }
  failing(): Promise<FailingMail> {
    return this.local.failing();
  }
  get(messageId: string): Promise<MailRecord | undefined> {
    return this.local.get(messageId);
  }
  list(filter?: { readonly status?: MailStatus; readonly limit?: number }): Promise<MailRecord[]> {
    return this.local.list(filter);
  }
  counts(): Promise<Record<MailStatus, number>> {
    return this.local.counts();
  }
  nextDueAt(): Promise<Date | undefined> {
    return this.local.nextDueAt();
  }
}
