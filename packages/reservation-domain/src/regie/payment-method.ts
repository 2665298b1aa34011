import type { PaidMethod, PaymentProvider } from '../family/family.events';
import type { PaymentMethod } from './regie-day-closed.event';

/**
 * The journal's payment method of a confirmed payment. A PayFiP payment is `card` (PayFiP's
 * `resultrans` P) or `direct_debit` (V) as its `PaymentConfirmed` (v4) records; one recorded
 * before that version, without the method, stays `payfip`.
 */
export function paymentMethodOf(provider: PaymentProvider, method?: PaidMethod): PaymentMethod {
  if (provider === 'payfip') return method ?? 'payfip';
  return provider;
}

/** French labels of the methods, as documents and CSV files print them. */
export const PAYMENT_METHOD_LABELS: { readonly [M in PaymentMethod]: string } = {
  card: 'Carte bancaire (PayFiP)',
  direct_debit: 'Prélèvement (PayFiP)',
  payfip: 'PayFiP',
  stripe: 'Carte bancaire (Stripe)',
  simulated: 'Paiement simulé',
};
