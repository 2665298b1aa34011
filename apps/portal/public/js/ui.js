// Building blocks shared by the views: page heading, summary list, lines table, notices and
// the PDF download button.

import { h, icon } from './dom.js';
import { formatCompactDay, formatDay, formatEuros } from './format.js';
import { errorMessage } from './messages.js';

/** The page's single h1; focused after a route change so screen readers announce the page. */
export function pageTitle(text) {
  return h('h1', { tabindex: '-1', class: 'page-title' }, text);
}

/** A definition list of [label, value] pairs (montant total, statut, …). */
export function summaryList(pairs, attrs = {}) {
  return h(
    'dl',
    { class: 'summary', ...attrs },
    pairs.filter(Boolean).map(([label, value, modifier]) =>
      h('div', { class: `summary__row${modifier ? ` summary__row--${modifier}` : ''}` }, h('dt', null, label), h('dd', null, value)),
    ),
  );
}

/**
 * The table of a reservation's or a cancellation's days.
 * @param {{ caption: string, amountHeader: string, lines: Array<{ childId: string, activityId: string, date: string, amountCents?: number }>,
 *           childName: (id: string) => string, activityLabel: (id: string) => string }} options
 */
export function linesTable({ caption, amountHeader, lines, childName, activityLabel }) {
  return h(
    'div',
    { class: 'table-scroll' },
    h(
      'table',
      { class: 'lines' },
      h('caption', null, caption),
      h('thead', null, h('tr', null, h('th', { scope: 'col' }, 'Enfant'), h('th', { scope: 'col' }, 'Activité'), h('th', { scope: 'col' }, 'Jour'), h('th', { scope: 'col', class: 'num' }, amountHeader))),
      h(
        'tbody',
        null,
        lines.map((line) =>
          h(
            'tr',
            null,
            h('td', null, childName(line.childId)),
            h('td', null, activityLabel(line.activityId)),
            h('td', null, h('span', { 'aria-hidden': 'true' }, formatCompactDay(line.date)), h('span', { class: 'sr-only' }, formatDay(line.date, { withYear: true }))),
            h('td', { class: 'num' }, line.amountCents === undefined ? '—' : formatEuros(line.amountCents)),
          ),
        ),
      ),
    ),
  );
}

/** @param {'info' | 'success' | 'error' | 'warning'} kind */
export function notice(kind, ...content) {
  const icons = { info: 'info', success: 'check', error: 'alert', warning: 'clock' };
  const labels = { info: 'Information', success: 'Succès', error: 'Erreur', warning: 'Attention' };
  return h(
    'div',
    { class: `notice notice--${kind}`, role: kind === 'error' ? 'alert' : null },
    icon(icons[kind]),
    h('div', { class: 'notice__body' }, h('span', { class: 'sr-only' }, `${labels[kind]} : `), ...content),
  );
}

export function errorNotice(error) {
  return notice('error', h('p', null, errorMessage(error)));
}

/**
 * A button that downloads a document (fetched with the bearer token, then saved from a
 * blob: URL, since a plain link cannot carry the Authorization header).
 */
export function pdfButton(ctx, { label, path, filename }) {
  const status = h('span', { class: 'pdf-status', role: 'status' });
  const button = actionButton(
    [icon('download'), h('span', null, label), h('span', { class: 'sr-only' }, ' (PDF)')],
    async () => {
      status.textContent = 'Préparation du document…';
      try {
        const blob = await ctx.api.blob(path);
        const url = URL.createObjectURL(blob);
        const link = h('a', { href: url, download: filename, hidden: true });
        document.body.append(link);
        link.click();
        link.remove();
        setTimeout(() => URL.revokeObjectURL(url), 60_000);
        status.textContent = `Document «\u00a0${filename}\u00a0» téléchargé.`;
      } catch (error) {
        status.textContent = errorMessage(error);
      }
    },
    { variant: 'secondary' },
  );
  return h('div', { class: 'pdf-download' }, button, status);
}

/**
 * A button that ignores clicks while its async action runs (no double submission). It stays
 * focusable (aria-disabled, not disabled) so keyboard focus is not lost meanwhile.
 */
export function actionButton(label, action, { variant = 'primary', attrs = {} } = {}) {
  const button = h('button', { type: 'button', class: `button button--${variant}`, ...attrs }, label);
  button.addEventListener('click', async () => {
    if (button.getAttribute('aria-disabled') === 'true') return;
    button.setAttribute('aria-disabled', 'true');
    button.classList.add('is-busy');
    try {
      await action(button);
    } finally {
      button.removeAttribute('aria-disabled');
      button.classList.remove('is-busy');
    }
  });
  return button;
}
