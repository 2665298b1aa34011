import { createHash } from 'node:crypto';
import { deterministicEventId, type EventStore, type StreamAppend } from '@periscol/event-store';
import type { UnmatchedPaymentAttachmentRecord } from '@periscol/reservation-domain';
import { z } from 'zod';
import type { PaidNotification } from './providers/payment-provider.port';

/**
 * Money received that no family stream could take (R7: never lost): a paid notification for a
 * family that does not exist, or one the domain refused to record (an invalid amount, ids that
 * clash). It is appended to the `unmatched-payments` stream — part of the legal history, listed
 * in the audit log and by `GET /api/admin/unmatched-payments` for the régisseur to settle: attach
 * it to the right family (`UnmatchedPaymentAttached`, written with that family's receipt and
 * credit in one atomic append, see `attach-unmatched-payment.handler.ts`), or settle it with the
 * provider. One `UnmatchedPaymentReceived` per provider payment: a repeated delivery appends
 * nothing; one `UnmatchedPaymentAttached` at most, the stream's expected revision sees to it.
 */
export const UNMATCHED_PAYMENTS_STREAM = 'unmatched-payments';
export const UNMATCHED_PAYMENT_RECEIVED = 'UnmatchedPaymentReceived';
export const UNMATCHED_PAYMENT_ATTACHED = 'UnmatchedPaymentAttached';

export const unmatchedPaymentSchema = z.object({
  provider: z.enum(['stripe', 'simulated', 'payfip']),
  providerPaymentId: z.string(),
  providerEventId: z.string(),
  sessionId: z.string(),
  orderId: z.string(),
  paymentId: z.string(),
  familyId: z.string(),
  amountCents: z.number().int(),
  paidAt: z.string(),
  /** `UNKNOWN_FAMILY`, or the code of the domain's refusal. */
  reason: z.string(),
  detail: z.string(),
  /** How it was paid, when the provider said so (PayFiP): the receipt it becomes keeps it. */
  method: z.enum(['card', 'direct_debit']).optional(),
});
export type UnmatchedPayment = z.infer<typeof unmatchedPaymentSchema>;

/** The régisseur attached the payment to a family (R7): its receipt and credit are in that family's stream. */
export const unmatchedPaymentAttachedSchema = z.object({
  provider: z.enum(['stripe', 'simulated', 'payfip']),
  providerPaymentId: z.string(),
  familyId: z.string(),
  /** The receipt's payment id in the family's stream. */
  paymentId: z.string(),
  creditId: z.string(),
  amountCents: z.number().int(),
  reason: z.string(),
  /** The régisseur's account id. */
  attachedBy: z.string(),
  attachedAt: z.string(),
});
export type UnmatchedPaymentAttached = z.infer<typeof unmatchedPaymentAttachedSchema>;

export interface RecordedUnmatchedPayment extends UnmatchedPayment {
  readonly recordedAt: string;
  readonly position: number;
  /** Null until attached to a family. */
  readonly attachment: (UnmatchedPaymentAttachmentRecord & { readonly reason: string; readonly creditId: string; readonly eventId: string }) | null;
}

/** The stream folded: each payment with its attachment, and the revision an attachment must expect. */
export interface UnmatchedPaymentsView {
  readonly payments: readonly RecordedUnmatchedPayment[];
  /** The stream's current revision (-1 when empty): the attachment's append expects it. */
  readonly revision: number;
}

/** The id of the receipt an attached payment becomes: derived from the provider payment, so retries and racers agree on it. */
export function attachedPaymentIdOf(provider: string, providerPaymentId: string): string {
  return `attached-${createHash('sha256').update(`${provider}\u0000${providerPaymentId}`).digest('hex').slice(0, 24)}`;
}

export class UnmatchedPayments {
  constructor(private readonly store: EventStore) {}

  async record(notification: PaidNotification, reason: string, detail: string): Promise<{ readonly recorded: boolean }> {
    const data: UnmatchedPayment = {
      provider: notification.provider,
      providerPaymentId: notification.providerPaymentId,
      providerEventId: notification.eventId,
      sessionId: notification.sessionId,
      orderId: notification.orderId,
      paymentId: notification.paymentId,
      familyId: notification.familyId,
      amountCents: notification.amountCents,
      paidAt: notification.paidAt.toISOString(),
      reason,
      detail,
      ...(notification.method === undefined ? {} : { method: notification.method }),
    };
    const key = `unmatched:${notification.provider}:${notification.providerPaymentId}`;
    const result = await this.store.appendToStream(
      UNMATCHED_PAYMENTS_STREAM,
      [
        {
          type: UNMATCHED_PAYMENT_RECEIVED,
          data,
          metadata: {
            eventId: deterministicEventId(key, 0),
            schemaVersion: 1,
            correlationId: notification.eventId,
            causationId: notification.eventId,
            actor: { userId: `provider:${notification.provider}`, role: 'system' },
          },
        },
      ],
      { expectedRevision: 'any' },
    );
    return { recorded: !result.deduplicated };
  }

  async read(): Promise<UnmatchedPaymentsView> {
    const { events, currentRevision } = await this.store.readStream(UNMATCHED_PAYMENTS_STREAM);
    const payments: RecordedUnmatchedPayment[] = [];
    for (const event of events) {
      if (event.type === UNMATCHED_PAYMENT_RECEIVED) {
        payments.push({ ...unmatchedPaymentSchema.parse(event.data), recordedAt: event.metadata.recordedAt, position: event.position, attachment: null });
      } else if (event.type === UNMATCHED_PAYMENT_ATTACHED) {
        const data = unmatchedPaymentAttachedSchema.parse(event.data);
        const index = payments.findIndex((payment) => payment.provider === data.provider && payment.providerPaymentId === data.providerPaymentId);
        if (index === -1 || payments[index].attachment !== null) continue;
        const { familyId, paymentId, creditId, reason, attachedBy, attachedAt } = data;
        payments[index] = { ...payments[index], attachment: { familyId, paymentId, creditId, reason, attachedBy, attachedAt, eventId: event.metadata.eventId } };
      }
    }
    return { payments, revision: currentRevision };
  }

  async list(): Promise<RecordedUnmatchedPayment[]> {
    return [...(await this.read()).payments];
  }

  /**
   * The append of an attachment, to write with the family's receipt and credit in one atomic
   * append. It expects the revision the decision was taken on: of two attachments racing for one
   * payment (to one family or two), the second is refused whole, its family's events with it.
   */
  static attachmentAppend(data: UnmatchedPaymentAttached, expectedRevision: number, meta: { readonly eventId: string; readonly actor: { readonly userId: string; readonly role: string }; readonly correlationId?: string }): StreamAppend {
    return {
      streamId: UNMATCHED_PAYMENTS_STREAM,
      events: [
        {
          type: UNMATCHED_PAYMENT_ATTACHED,
          data: unmatchedPaymentAttachedSchema.parse(data),
          metadata: { eventId: meta.eventId, schemaVersion: 1, actor: meta.actor, ...(meta.correlationId ? { correlationId: meta.correlationId } : {}) },
        },
      ],
      expectedRevision: expectedRevision === -1 ? 'no_stream' : expectedRevision,
    };
  }
}
