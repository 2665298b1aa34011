// « Mes avoirs »: the balance and every movement of the credit account (R10).

import { h, srOnly } from '../dom.js';
import { formatEuros, formatInstant } from '../format.js';
import { CREDIT_MOVEMENT } from '../messages.js';
import { notice, pageTitle, summaryList } from '../ui.js';

/** The reference a parent recognises: the credit note's number, the cancellation or the reservation it comes from. */
export function movementReference(movement) {
  const issues = ['cancellation', 'closure', 'goodwill', 'unapplied_payment'].includes(movement.kind);
  if (issues) {
    const number = movement.creditNoteNumber ?? 'Note d’avoir en cours de numérotation';
    return movement.kind === 'cancellation' || movement.kind === 'closure'
      ? h('a', { href: `#/annulation/${encodeURIComponent(movement.sourceId)}` }, number, srOnly(' (détail de l’annulation)'))
      : number;
  }
  if (movement.kind === 'applied_to_order' || movement.kind === 'released_from_order') {
    return h('a', { href: `#/commande/${encodeURIComponent(movement.sourceId)}` }, 'Voir la réservation');
  }
  return '—';
}

export async function creditsView(ctx) {
  const [catalog, credits] = await Promise.all([ctx.catalog(), ctx.api.get(ctx.familyPath('/credits'))]);
  const zone = catalog.timezone ?? 'Europe/Paris';
  const movements = [...(credits.movements ?? [])].sort((a, b) => String(b.at).localeCompare(String(a.at)));
  ctx.announce(`Solde de vos avoirs : ${formatEuros(credits.balanceCents ?? 0)}.`);
  const headers = ['Date', 'Opération', 'Montant', 'Référence'];

  return [
    pageTitle('Mes avoirs'),
    summaryList([['Solde disponible', formatEuros(credits.balanceCents ?? 0), 'strong']], { id: 'solde-avoirs' }),
    h('p', null, 'Vos avoirs se déduisent automatiquement de vos prochaines réservations, le plus ancien en premier.'),
    movements.length === 0
      ? notice('info', h('p', null, "Vous n'avez encore aucun avoir."))
      : h(
          'table',
          // On a phone each movement is a block of labelled lines (CSS), so no column is cut.
          { class: 'lines lines--stacked' },
          h('caption', null, 'Mouvements de vos avoirs'),
          h('thead', null, h('tr', null, h('th', { scope: 'col' }, headers[0]), h('th', { scope: 'col' }, headers[1]), h('th', { scope: 'col', class: 'num' }, headers[2]), h('th', { scope: 'col' }, headers[3]))),
          h(
            'tbody',
            null,
            movements.map((movement) =>
              h(
                'tr',
                null,
                h('td', { 'data-label': headers[0] }, formatInstant(movement.at, zone, { withYear: true })),
                h('td', { 'data-label': headers[1] }, CREDIT_MOVEMENT[movement.kind] ?? movement.reason ?? movement.kind),
                h('td', { class: 'num', 'data-label': headers[2] }, movement.amountCents > 0 ? `+${formatEuros(movement.amountCents)}` : formatEuros(movement.amountCents)),
                h('td', { class: 'lines__reference', 'data-label': headers[3] }, movementReference(movement)),
              ),
            ),
          ),
        ),
  ];
}
