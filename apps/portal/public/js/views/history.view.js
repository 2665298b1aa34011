// « Historique »: every change of the family's account, as the API tells it
// (GET …/history: one French sentence per recorded change, read from the family's financial
// stream), folded into what the parent did (history-entries.js: one entry per payment, the
// child's first name), newest first, each linked to its detail and PDF, in an ordered list a
// screen reader announces with its length.

import { h } from '../dom.js';
import { formatInstant, plural } from '../format.js';
import { parentHistory } from '../history-entries.js';
import { notice, pageTitle, pdfButton } from '../ui.js';

const PAGE_SIZE = 1000;
// A family records a few hundred changes a school year: this many pages is years of history.
const MAX_PAGES = 50;

/**
 * Every entry of the history, oldest first, following the API's `next` cursor.
 * @param {(path: string) => Promise<{ entries?: Array<object>, next?: number }>} get
 * @param {string} path e.g. `/api/families/<id>/history`
 */
export async function loadHistory(get, path) {
  const entries = [];
  let after;
  for (let page = 0; page < MAX_PAGES; page += 1) {
    const query = after === undefined ? `?limit=${PAGE_SIZE}` : `?limit=${PAGE_SIZE}&after=${encodeURIComponent(after)}`;
    const answer = await get(`${path}${query}`);
    entries.push(...(answer?.entries ?? []));
    if (answer?.next === undefined || answer.next === null) break;
    after = answer.next;
  }
  return entries;
}

/** Newest first; within the same instant, the later change first. */
export function newestFirst(entries) {
  return [...entries].sort((a, b) => String(b.at).localeCompare(String(a.at)) || (b.revision ?? 0) - (a.revision ?? 0));
}

const DETAIL = {
  order: (id) => ({ href: `#/commande/${encodeURIComponent(id)}`, text: 'Détail de la réservation' }),
  cancellation: (id) => ({ href: `#/annulation/${encodeURIComponent(id)}`, text: "Détail de l'annulation" }),
};

function pdfOf(ctx, pdf) {
  switch (pdf.kind) {
    case 'ticket':
      return pdfButton(ctx, { label: `Ticket ${pdf.number}`, path: `/api/payments/${encodeURIComponent(pdf.id)}/ticket.pdf`, filename: `ticket-${pdf.number}.pdf` });
    case 'cancellation':
      return pdfButton(ctx, { label: 'Détail des annulations', path: `/api/cancellations/${encodeURIComponent(pdf.id)}/pdf`, filename: `annulation-${pdf.id}.pdf` });
    default:
      return pdfButton(ctx, { label: 'Détail des réservations', path: `/api/orders/${encodeURIComponent(pdf.id)}/pdf`, filename: `reservation-${pdf.id}.pdf` });
  }
}

export async function historyView(ctx) {
  const [catalog, family, entries] = await Promise.all([ctx.catalog(), ctx.family().catch(() => null), loadHistory((path) => ctx.api.get(path), ctx.familyPath('/history'))]);
  const zone = catalog.timezone ?? 'Europe/Paris';
  const firstNames = new Map((family?.children ?? []).map((child) => [child.childId, child.firstName]));
  const items = newestFirst(parentHistory(entries, { childName: (childId) => firstNames.get(childId) }));

  return [
    pageTitle('Historique'),
    h('p', null, "Toutes les opérations de votre compte, de la plus récente à la plus ancienne. Rien n'est jamais effacé : une correction apparaît comme une nouvelle opération."),
    items.length === 0
      ? notice('info', h('p', null, 'Aucune opération pour le moment.'))
      : [
          h('h2', { id: 'operations-titre', class: 'history__title' }, `Opérations du compte (${plural(items.length, 'opération')})`),
          h(
            'ol',
            { class: 'history', 'aria-labelledby': 'operations-titre' },
            items.map((item) => {
              const detail = item.detail ? DETAIL[item.detail.kind]?.(item.detail.id) : null;
              return h(
                'li',
                { class: 'history__entry' },
                h('time', { class: 'history__date', datetime: item.at }, formatInstant(item.at, zone, { withYear: true })),
                h('p', { class: 'history__summary' }, item.summary),
                detail || item.pdf
                  ? h('div', { class: 'history__links' }, detail ? h('a', { href: detail.href }, detail.text) : null, item.pdf ? pdfOf(ctx, item.pdf) : null)
                  : null,
              );
            }),
          ),
        ],
  ];
}
