// The words of the « Modification en cours » bar: prestations and days are counted apart
// (7 prestations on 3 dates are « 7 prestations (3 jours) »), and the button says what it does.

import { plural } from '../format.js';

/** « 7 prestations (3 jours) »: slots counted, then the distinct dates they fall on. */
export function changesCountText(slots) {
  const days = new Set(slots.map((slot) => slot.date)).size;
  return `${plural(slots.length, 'prestation')} (${plural(days, 'jour')})`;
}

/** Reservations only are a « Demande de réservation »; with cancellations, a validation. */
export function submitLabel(cancelCount) {
  return cancelCount > 0 ? 'Valider mes modifications' : 'Demande de réservation';
}
