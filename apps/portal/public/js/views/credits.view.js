// « Mes avoirs »: the balance and every movement of the credit account (R10).

import { h } from '../dom.js';
import { formatEuros, formatInstant } from '../format.js';
import { CREDIT_MOVEMENT } from '../messages.js';
import { notice, pageTitle, summaryList } from '../ui.js';

export async function creditsView(ctx) {
  const [catalog, credits] = await Promise.all([ctx.catalog(), ctx.api.get(ctx.familyPath('/credits'))]);
  const zone = catalog.timezone ?? 'Europe/Paris';
  const movements = [...(credits.movements ?? [])].sort((a, b) => String(b.at).localeCompare(String(a.at)));
  ctx.announce(`Solde de vos avoirs : ${formatEuros(credits.balanceCents ?? 0)}.`);

  return [
    pageTitle('Mes avoirs'),
    summaryList([['Solde disponible', formatEuros(credits.balanceCents ?? 0), 'strong']], { id: 'solde-avoirs' }),
    h('p', null, 'Vos avoirs se déduisent automatiquement de vos prochaines réservations, le plus ancien en premier.'),
    movements.length === 0
      ? notice('info', h('p', null, "Vous n'avez encore aucun avoir."))
      : h(
          'div',
          { class: 'table-scroll' },
          h(
            'table',
            { class: 'lines' },
            h('caption', null, 'Mouvements de vos avoirs'),
            h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Date'), h('th', { scope: 'col' }, 'Opération'), h('th', { scope: 'col', class: 'num' }, 'Montant'), h('th', { scope: 'col' }, 'Référence'))),
            h(
              'tbody',
              null,
              movements.map((movement) =>
                h(
                  'tr',
                  null,
                  h('td', null, formatInstant(movement.at, zone, { withYear: true })),
                  h('td', null, CREDIT_MOVEMENT[movement.kind] ?? movement.reason ?? movement.kind),
                  h('td', { class: 'num' }, movement.amountCents > 0 ? `+${formatEuros(movement.amountCents)}` : formatEuros(movement.amountCents)),
                  h('td', null, movement.sourceId ?? ''),
                ),
              ),
            ),
          ),
        ),
  ];
}
