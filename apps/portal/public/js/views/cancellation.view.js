// The detail of a validated cancellation (guide 3.2): montant total de l'annulation, statut,
// the credit issued, « Télécharger le détail des annulations en PDF ».

import { h } from '../dom.js';
import { formatEuros, formatInstant, isoWeekOf } from '../format.js';
import { lookups, weekHash } from '../lookups.js';
import { errorMessage } from '../messages.js';
import { linesTable, notice, pageTitle, pdfButton, summaryList } from '../ui.js';

export async function cancellationView(ctx, { id, query }) {
  const names = await lookups(ctx);
  const path = `/api/cancellations/${encodeURIComponent(id)}`;
  const cancellation = await ctx.api.get(path);
  const orderId = query.get('commande');
  const failedReservation = query.get('erreur');

  return [
    pageTitle("Détail de l'annulation"),
    notice('success', h('p', null, h('strong', null, 'Annulation validée.'), ` Un avoir de ${formatEuros(cancellation.totalCents)} a été émis. Cet avoir se déduira automatiquement lors de votre prochaine réservation.`)),
    summaryList([
      ['Statut de la réservation', 'Annulée — avoir émis'],
      ["Montant total de l'annulation", formatEuros(cancellation.totalCents), 'strong'],
      Number.isInteger(cancellation.creditBalanceCents) ? ['Solde de vos avoirs', formatEuros(cancellation.creditBalanceCents)] : null,
      cancellation.cancelledAt ? ['Annulée le', formatInstant(cancellation.cancelledAt, names.timezone, { withYear: true })] : null,
    ]),
    linesTable({ caption: 'Jours annulés', amountHeader: 'Avoir', lines: (cancellation.lines ?? []).map((line) => ({ ...line, amountCents: line.creditCents })), ...names }),
    pdfButton(ctx, { label: 'Télécharger le détail des annulations en PDF', path: `${path}/pdf`, filename: `annulation-${cancellation.cancellationId}.pdf` }),
    failedReservation ? notice('error', h('p', null, `Les jours à réserver n'ont pas pu être demandés : ${errorMessage({ code: failedReservation })} Ils restent dans le planning, en «\u00a0Modification en cours\u00a0».`)) : null,
    h(
      'div',
      { class: 'actions' },
      orderId ? h('a', { class: 'button button--primary', href: `#/commande/${encodeURIComponent(orderId)}` }, 'Continuer : détail de la réservation') : null,
      h('a', { class: 'button button--secondary', href: weekHash(cancellation.lines, isoWeekOf) }, 'Retour au planning'),
      h('a', { class: 'button button--secondary', href: '#/avoirs' }, 'Voir mes avoirs'),
    ),
  ];
}
