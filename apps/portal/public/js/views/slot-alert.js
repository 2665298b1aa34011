// A message pinned to a day's card: what went wrong with that day, until « J'ai compris ».

import { h, icon } from '../dom.js';

/** @param {{ id: string, message: string, onDismiss: () => void }} options */
export function slotAlertElement({ id, message, onDismiss }) {
  return h(
    'div',
    { class: 'notice notice--error slot-alert', id, tabindex: '-1', role: 'alert' },
    icon('alert'),
    h(
      'div',
      { class: 'notice__body' },
      h('p', { id: `${id}-texte` }, h('span', { class: 'sr-only' }, 'Erreur : '), message),
      h('button', { type: 'button', class: 'button button--secondary button--small', 'aria-describedby': `${id}-texte`, onclick: onDismiss }, "J'ai compris"),
    ),
  );
}
