import { deterministicEventId, type EventStore } from '@periscol/event-store';
import { z } from 'zod';
import type { PaidNotification } from './providers/payment-provider.port';

/**
 * Money received that no family stream could take (R7: never lost): a paid notification for a
 * family that does not exist, or one the domain refused to record (an invalid amount, ids that
 * clash). It is appended to the `unmatched-payments` stream — part of the legal history, listed
 * in the audit log and by `GET /api/admin/unmatched-payments` for an agent to settle by hand
 * (refund, or a goodwill credit to the right family). One event per provider payment: a
 * repeated delivery appends nothing.
 */
export const UNMATCHED_PAYMENTS_STREAM = 'unmatched-payments';
export const UNMATCHED_PAYMENT_RECEIVED = 'UnmatchedPaymentReceived';

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
});
export type UnmatchedPayment = z.infer<typeof unmatchedPaymentSchema>;

export interface RecordedUnmatchedPayment extends UnmatchedPayment {
  readonly recordedAt: string;
  readonly position: number;
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

  async list(): Promise<RecordedUnmatchedPayment[]> {
    const { events } = await this.store.readStream(UNMATCHED_PAYMENTS_STREAM);
    return events.map((event) => ({ ...unmatchedPaymentSchema.parse(event.data), recordedAt: event.metadata.recordedAt, position: event.position }));
  }
}
