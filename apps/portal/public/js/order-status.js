// What the detail of a reservation says at each status (guide 3.1 and 4): the amounts must stay
// true once the order is paid or settled by credit, and the return from the payment site must
// only say « en cours » when the provider actually came back with a payment.

import { formatEuros, formatTime } from './format.js';
import { ORDER_STATUS } from './messages.js';

export const PENDING = new Set(['awaiting_payment', 'awaiting_confirmation']);

/** « Validée », « Abandonnée »…: the order's status in the guide's words. */
export function orderStatusLabel(order) {
  if (order.status === 'expired' && order.expiryReason === 'abandoned') return 'Abandonnée';
  return ORDER_STATUS[order.status] ?? order.status;
}

/** Settled without a payment: the credit covered the whole order (« OK »). */
export function paidByCredit(order) {
  return order.status === 'confirmed' && (order.confirmedVia === 'credit' || (order.confirmedVia === undefined && order.amountDueCents === 0));
}

/**
 * The amount rows of the summary, as [label, value, modifier?]: « Montant à payer » while
 * something is owed, « Montant payé » / « Payée par avoir » and « Reste à payer 0,00 € » after.
 */
export function orderAmountRows(order, payment) {
  const rows = [
    ['Montant total de la réservation', formatEuros(order.totalCents)],
    ['Avoir appliqué', order.creditAppliedCents ? `− ${formatEuros(order.creditAppliedCents)}` : formatEuros(0)],
  ];
  if (PENDING.has(order.status)) {
    rows.push(['Montant à payer', formatEuros(order.amountDueCents), 'strong']);
  } else if (order.status === 'confirmed') {
    if (paidByCredit(order)) rows.push(['Règlement', 'Payée par avoir']);
    else rows.push(['Montant payé', formatEuros(payment?.amountCents ?? order.amountDueCents)]);
    rows.push(['Reste à payer', formatEuros(0), 'strong']);
  } else {
    // Expired or abandoned: nothing was charged and nothing is owed any more.
    rows.push(['Montant payé', formatEuros(0)], ['Reste à payer', formatEuros(0), 'strong']);
  }
  return rows;
}

/**
 * Where the parent comes from, read from the return address the API's checkout gives the
 * provider (`?paiement=ok` / `?paiement=annule`) or from the portal's own marker (`?retour=paiement`,
 * e.g. the browser's Back button on the payment page, which carries no parameter).
 * @returns {'paid' | 'notPaid' | null}
 */
export function paymentReturn(query) {
  const outcome = query.get('paiement');
  if (outcome === 'ok') return 'paid';
  if (outcome !== null || query.get('retour') === 'paiement') return 'notPaid';
  return null;
}

/** « Paiement non effectué — vos jours sont retenus jusqu'à 11:00 ». */
export function notPaidMessage(order, timeZone) {
  const until = order.expiresAt ? formatTime(order.expiresAt, timeZone) : '';
  return until ? `Paiement non effectué — vos jours sont retenus jusqu'à ${until}` : 'Paiement non effectué';
}
