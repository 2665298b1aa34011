import type { PaymentProvider } from '../family/family.events';
import type { PaymentMethod } from './regie-day-closed.event';

/**
 * The journal's payment method of a confirmed payment. The events record the provider, not how
 * PayFiP was paid (card `P` or direct debit `V`): PayFiP's receipts are grouped as `payfip`
 * until the payment event records the method, when `card` and `direct_debit` apply.
 */
export function paymentMethodOf(provider: PaymentProvider, method?: 'card' | 'direct_debit'): PaymentMethod {
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
