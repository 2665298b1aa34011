/**
 * R7 (docs/rules.md): an unmatched payment — money received that no family could take — is
 * attached to a family once. The `unmatched-payments` stream holds, per provider payment, its
 * `UnmatchedPaymentReceived` and, once settled, its `UnmatchedPaymentAttached`; this decides on
 * that stream's fold, and the append of the attachment (with the family's receipt and credit, in
 * one atomic write) carries the stream's expected revision, so two attachments racing for one
 * payment cannot both be written.
 */
import { left, right, type Either } from 'fp-ts/Either';
import type { Refusal } from '../family/refusal';

export interface UnmatchedPaymentAttachmentRecord {
  readonly familyId: string;
  readonly paymentId: string;
  readonly attachedBy: string;
  readonly attachedAt: string;
}

/** What the decision needs of one unmatched payment, as the stream records it. */
export interface UnmatchedPaymentStatus {
  readonly provider: string;
  readonly providerPaymentId: string;
  readonly attachment: UnmatchedPaymentAttachmentRecord | null;
}

/** The payment to attach, or why it cannot be: unknown (`UNKNOWN_UNMATCHED_PAYMENT`), or attached already. */
export function decideUnmatchedPaymentAttachment<P extends UnmatchedPaymentStatus>(providerPaymentId: string, payment: P | undefined): Either<Refusal, P> {
  if (payment === undefined) return left({ code: 'UNKNOWN_UNMATCHED_PAYMENT', message: `No unmatched payment ${providerPaymentId}` });
  if (payment.attachment !== null) {
    const { familyId, attachedAt } = payment.attachment;
    return left({
      code: 'UNMATCHED_PAYMENT_ALREADY_ATTACHED',
      message: `Unmatched payment ${providerPaymentId} was attached to family ${familyId} at ${attachedAt}`,
      details: { familyId, attachedAt },
    });
  }
  return right(payment);
}
