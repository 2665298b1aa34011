// « Historique »: every change of the family's account, as the API tells it
// (GET …/history: one French sentence per change, read from the family's financial stream),
// newest first, in an ordered list a screen reader announces with its length.

import { h } from '../dom.js';
import { formatInstant, plural } from '../format.js';
import { notice, pageTitle } from '../ui.js';

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

export async function historyView(ctx) {
  const catalog = await ctx.catalog();
  const zone = catalog.timezone ?? 'Europe/Paris';
  const entries = newestFirst(await loadHistory((path) => ctx.api.get(path), ctx.familyPath('/history')));

  return [
    pageTitle('Historique'),
    h('p', null, "Toutes les opérations de votre compte, de la plus récente à la plus ancienne. Rien n'est jamais effacé : une correction apparaît comme une nouvelle opération."),
    entries.length === 0
      ? notice('info', h('p', null, 'Aucune opération pour le moment.'))
      : [
          h('h2', { id: 'operations-titre', class: 'history__title' }, `Opérations du compte (${plural(entries.length, 'opération')})`),
          h(
            'ol',
            { class: 'history', 'aria-labelledby': 'operations-titre' },
            entries.map((entry) =>
              h(
                'li',
                { class: 'history__entry' },
                h('time', { class: 'history__date', datetime: entry.at }, formatInstant(entry.at, zone, { withYear: true })),
                h('p', { class: 'history__summary' }, entry.summary ?? entry.type),
              ),
            ),
          ),
        ],
  ];
}
