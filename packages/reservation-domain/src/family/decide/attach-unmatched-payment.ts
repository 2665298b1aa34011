/**
 * AttachUnmatchedPayment — R7, R8, R18 (docs/rules.md): money received that no family could take
 * (an unmatched payment) is attached by the régisseur to the right family. It becomes that
 * family's credit in full — a payment `credited`, like a payment that could not confirm its
 * order — so it is a receipt of its day (numbered by its ticket, counted once in the journal and
 * the pack, reconciled on the provider's id) and a credit the family may spend or have refunded.
 *
 * Never refused for its size (the money is taken already), but an amount that is not a positive
 * whole number of cents, or one above MAX_REPRESENTABLE_CENTS, is not recorded (AMOUNT_INVALID,
 * AMOUNT_OUT_OF_BOUNDS). The same attachment again changes nothing; a payment id, credit id or
 * provider payment the family already holds with other content is ID_CONFLICT.
 */
import { right } from 'fp-ts/Either';
import { MAX_REPRESENTABLE_CENTS } from '../../shared';
import type { AttachUnmatchedPayment } from '../family.commands';
import type { CreditIssued, PaymentConfirmed } from '../family.events';
import type { RegisteredFamilyState } from '../family.state';
import { refuse } from '../refusal';
import { invalidAmount, isPositiveCents } from './amount-bounds';
import { NOTHING, type Decision } from './decision-context';
import { CREDIT_SUFFIX } from './payment-deliveries';

export function attachUnmatchedPayment(command: AttachUnmatchedPayment, family: RegisteredFamilyState): Decision {
  const { paymentId, orderId, provider, amountCents, providerReference, method, reason } = command.data;
  if (!isPositiveCents(amountCents)) return invalidAmount(amountCents);
  if (amountCents > MAX_REPRESENTABLE_CENTS) {
    return refuse('AMOUNT_OUT_OF_BOUNDS', `A payment of ${amountCents} cents cannot be recorded exactly (above ${MAX_REPRESENTABLE_CENTS} cents): settle it with the provider`, {
      amountCents,
      maxRepresentableCents: MAX_REPRESENTABLE_CENTS,
    });
  }
  const creditId = `${paymentId}${CREDIT_SUFFIX}`;
  const known = family.payments.get(paymentId);
  if (known) {
    const same = known.status === 'confirmed' && known.provider === provider && known.amountCents === amountCents && known.providerReference === providerReference && known.outcome === 'credited';
    if (same && family.credits.get(creditId)?.reason === reason) return NOTHING;
    return refuse('ID_CONFLICT', `Payment ${paymentId} already exists with other content`);
  }
  // The same provider payment recorded twice in one family would count its money twice.
  for (const payment of family.payments.values()) {
    if (payment.provider === provider && payment.providerReference === providerReference) {
      return refuse('ID_CONFLICT', `${provider} payment ${providerReference} is already recorded as payment ${payment.paymentId}`, { paymentId: payment.paymentId });
    }
  }
  if (family.credits.has(creditId)) return refuse('ID_CONFLICT', `Credit ${creditId} already exists`);
  const paidAt = command.metadata.now;
  const paid: PaymentConfirmed = {
    type: 'PaymentConfirmed',
    data: { paymentId, orderId, provider, amountCents, paidAt, outcome: 'credited', providerReference, ...(method === undefined ? {} : { method }) },
  };
  const credit: CreditIssued = {
    type: 'CreditIssued',
    data: { creditId, familyId: family.familyId, amountCents, source: 'unapplied_payment', sourceId: paymentId, reason, issuedAt: paidAt },
  };
  return right([paid, credit]);
}
