/**
 * R7 (docs/rules.md): the same provider payment reported twice is applied once, and another
 * payment reported under a payment id already confirmed is recorded as a payment of its own,
 * under an id derived from the first: money received is never dropped.
 */
import type { FamilyRecords } from '../family.state';
import { hashString } from '../internal/hamt';

const MAX_ID = 200;

/** The suffix of the credit a payment becomes when it cannot confirm its order. */
export const CREDIT_SUFFIX = '-credit';

/**
 * The id under which a second, distinct provider payment reported for an already-confirmed
 * `paymentId` is recorded: `<paymentId>~<providerReference>` (or `~<amount>c` without a
 * reference); hashed when too long, so that it and its `-credit` stay valid ids.
 */
export function additionalPaymentId(paymentId: string, providerReference: string | undefined, amountCents: number): string {
  const id = `${paymentId}~${providerReference ?? `${amountCents}c`}`;
  if (id.length + CREDIT_SUFFIX.length <= MAX_ID) return id;
  return `${paymentId.slice(0, 170)}~${hashString(id).toString(36)}`;
}

/**
 * The payment id under which a provider's delivery `{ paymentId, amountCents, providerReference? }`
 * is recorded in `state` (the payment itself, or the additional payment a distinct one became),
 * or undefined when it is not recorded. For callers answering a payment notification.
 */
export function recordedPaymentIdOf(
  state: FamilyRecords,
  delivery: { readonly paymentId: string; readonly amountCents: number; readonly providerReference?: string },
): string | undefined {
  const known = state.payments.get(delivery.paymentId);
  if (known?.status !== 'confirmed') return undefined;
  if (isSameDelivery(known, delivery.amountCents, delivery.providerReference)) return known.paymentId;
  const other = state.payments.get(additionalPaymentId(delivery.paymentId, delivery.providerReference, delivery.amountCents));
  return other?.status === 'confirmed' ? other.paymentId : undefined;
}

/**
 * Whether a delivery is the payment already recorded: same amount, and the same provider
 * reference when both sides know one. Without references the amount is all there is to
 * compare: two payments of the same amount under one payment id look like one delivery twice.
 */
export function isSameDelivery(
  known: { readonly amountCents: number; readonly providerReference?: string },
  amountCents: number,
  providerReference: string | undefined,
): boolean {
  if (known.amountCents !== amountCents) return false;
  return providerReference === undefined || known.providerReference === undefined || providerReference === known.providerReference;
}
