import { randomBytes } from 'node:crypto';
import { realScheduler, type Scheduler } from './mail-dispatch.timer';
import type { ClaimedMail, MailOutbox } from './mail-outbox.port';
import type { MailTransport } from './mail-transport.port';

export interface BackoffPolicy {
  /** Delay after the first failed attempt; doubles after each further one. */
  readonly initialMs: number;
  readonly maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffPolicy = { initialMs: 15_000, maxMs: 30 * 60_000 };
/**
 * How long a claimed message stays with its dispatcher without news: renewed every third of it
 * while the attempt runs (an SMTP attempt may take a couple of minutes), so a message whose
 * dispatcher died is handed to another one, or to the restarted process, within a minute.
 */
export const DEFAULT_LEASE_MS = 60_000;

export interface MailDispatcherOptions {
  readonly outbox: MailOutbox;
  readonly transport: MailTransport;
  /** `From` of every message, e.g. `Mairie de Exemple <ne-pas-repondre@exemple.fr>`. */
  readonly from: string;
  readonly backoff?: BackoffPolicy;
  readonly leaseMs?: number;
  /** Messages claimed per `dispatchDue` call. */
  readonly batchSize?: number;
  readonly newClaimToken?: () => string;
  /** Renewals of a lease are timed with these (tests pass a manual scheduler and clock). */
  readonly clock?: () => Date;
  readonly scheduler?: Scheduler;
}

export interface DispatchReport {
  readonly delivered: readonly string[];
  readonly retrying: readonly { readonly messageId: string; readonly retryAt: Date; readonly error: string }[];
  readonly rejected: readonly { readonly messageId: string; readonly error: string }[];
}

/**
 * Sends the outbox's due messages through the transport, one at a time.
 *
 * Order of one attempt: claim the row (`sending`, leased, committed) → hand it to the
 * transport → record `delivered` only after the transport accepted it. Hence:
 *
 * - Nothing is lost: a row stops being due only once `delivered` is committed, which happens
 *   after acceptance. A failure or a crash before that leaves the row pending (or leased until
 *   the lease ends) and it is sent again, with exponential backoff while the server is down.
 *   The lease is short (1 min) and renewed while the attempt runs, so a crash delays a
 *   message by about a minute, not by the longest attempt.
 * - No concurrent duplicates: a row is claimed by one dispatcher at a time (a SQLite write
 *   transaction, or `FOR UPDATE SKIP LOCKED` in PostgreSQL), so two dispatchers (overlapping timer
 *   ticks, processes on one data folder, hosts on one database) never send it at the same time.
 * - With the `.eml` transport the guarantee is exactly one file per message: a re-send writes
 *   the same file name (the Message-ID) and replaces it atomically.
 * - With SMTP the guarantee is AT-LEAST-ONCE, not exactly-once. If the process dies in the short
 *   window after the server answered 250 and before `delivered` is committed, the message is
 *   sent a second time when the lease ends. No outbox can close that window: SMTP has no
 *   two-phase commit. The re-send carries the same Message-ID (and Date), so the receiving
 *   side can recognise and drop it as a duplicate; many servers and clients do.
 */
export class MailDispatcher {
  private readonly backoff: BackoffPolicy;
  private readonly leaseMs: number;
  private readonly batchSize: number;
  private readonly newClaimToken: () => string;
  private readonly clock: () => Date;
  private readonly scheduler: Scheduler;

  constructor(private readonly options: MailDispatcherOptions) {
    this.backoff = options.backoff ?? DEFAULT_BACKOFF;
    this.leaseMs = options.leaseMs ?? DEFAULT_LEASE_MS;
    this.batchSize = options.batchSize ?? 20;
    this.newClaimToken = options.newClaimToken ?? (() => randomBytes(8).toString('hex'));
    this.clock = options.clock ?? (() => new Date());
    this.scheduler = options.scheduler ?? realScheduler;
  }

  /**
   * One step: attempts, one after the other, the messages due at `now` (at most `batchSize`).
   * Each is claimed just before its attempt, so its lease covers that attempt only, renewed
   * while it runs; no new claim is made once half a lease of real time has gone by in this
   * call, so a claimed message is always attempted well within its lease. Transport failures
   * are recorded (retry or rejection), not thrown; an outbox (database) failure is thrown: the
   * row stays leased and is attempted again when its lease ends.
   */
  async dispatchDue(now: Date): Promise<DispatchReport> {
    const { outbox } = this.options;
    const started = performance.now();
    const delivered: string[] = [];
    const retrying: { messageId: string; retryAt: Date; error: string }[] = [];
    const rejected: { messageId: string; error: string }[] = [];
    const claimToken = this.newClaimToken();
    for (let n = 0; n < this.batchSize && performance.now() - started < this.leaseMs / 2; n++) {
      const [mail] = await outbox.claimDue(now, { claimToken, leaseMs: this.leaseMs, limit: 1 });
      if (mail === undefined) break;
      let response: string;
      const stopRenewing = this.keepLeased(mail);
      try {
        ({ response } = await this.options.transport.send(this.outgoing(mail)));
      } catch (error) {
        const message = describe(error);
        if (isPermanent(error)) {
          await outbox.markRejected(mail.messageId, claimToken, message);
          rejected.push({ messageId: mail.messageId, error: message });
        } else {
          const retryAt = new Date(now.getTime() + this.delayAfter(mail.attempt));
          await outbox.markRetry(mail.messageId, claimToken, retryAt, message);
          retrying.push({ messageId: mail.messageId, retryAt, error: message });
        }
        continue;
      } finally {
        stopRenewing();
      }
      await outbox.markDelivered(mail.messageId, now, response);
      // Erased (R17) while it was being sent: the copy the transport just wrote goes too.
      if (await outbox.isErased(mail.messageId)) await this.options.transport.forget?.(mail.messageId);
      delivered.push(mail.messageId);
    }
    return { delivered, retrying, rejected };
  }

  /** Delay before the attempt after `attempt` failed ones: initial, ×2 each time, capped. */
  delayAfter(attempt: number): number {
    const exponent = Math.min(Math.max(attempt - 1, 0), 30);
    return Math.min(this.backoff.initialMs * 2 ** exponent, this.backoff.maxMs);
  }

  /** Renews the claim's lease every third of a lease until the returned function is called. */
  private keepLeased(mail: ClaimedMail): () => void {
    let handle: unknown;
    const arm = () => {
      handle = this.scheduler.setTimeout(() => {
        // The database is busy or down: the lease may end during this attempt, and the message
        // then be sent twice (at least once, as after a crash). The next renewal tries again.
        this.options.outbox.renewLease(mail.messageId, mail.claimToken, new Date(this.clock().getTime() + this.leaseMs)).catch(() => undefined);
        arm();
      }, this.leaseMs / 3);
    };
    arm();
    return () => this.scheduler.clearTimeout(handle);
  }

  private outgoing(mail: ClaimedMail) {
    return {
      messageId: mail.messageId,
      from: this.options.from,
      to: mail.to,
      subject: mail.subject,
      text: mail.text,
      ...(mail.html === undefined ? {} : { html: mail.html }),
      date: mail.enqueuedAt,
      headers: { 'Auto-Submitted': 'auto-generated' },
      attachments: mail.attachments,
    };
  }
}

/** nodemailer marks SMTP 5xx replies `permanent`; only a refusal of this message (envelope or
 * content) is final. A 5xx on connection or authentication is a configuration fault: retried. */
function isPermanent(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { permanent, code } = error as { permanent?: unknown; code?: unknown };
  return permanent === true && (code === 'EENVELOPE' || code === 'EMESSAGE');
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const { code, responseCode } = error as Error & { code?: string; responseCode?: number };
    return [code, responseCode, error.message].filter((part) => part !== undefined).join(' ').slice(0, 1000);
  }
  return String(error).slice(0, 1000);
}
