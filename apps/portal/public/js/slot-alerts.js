// Messages pinned to a day's card (a slot taken from another device, a deadline that passed
// while the page was open). They name the child and the day and stay until the parent acts on
// them (« J'ai compris », or toggling that day again), across a re-render or a reload.

import { slotKey } from './draft.js';

/** The refused slots an API error names in `details` (docs/http.md §4). */
export function refusedSlots(error) {
  const details = Array.isArray(error?.details) ? error.details : [];
  return details.filter((d) => d && typeof d.childId === 'string' && typeof d.activityId === 'string' && typeof d.date === 'string');
}

export class SlotAlerts {
  /** @param {string} familyId */
  constructor(familyId, storage = sessionStorage) {
    this.storageKey = `periscol.alerts.${familyId}`;
    this.storage = storage;
  }

  #read() {
    try {
      return JSON.parse(this.storage.getItem(this.storageKey) ?? '{}');
    } catch {
      return {};
    }
  }

  #write(alerts) {
    this.storage.setItem(this.storageKey, JSON.stringify(alerts));
  }

  /** @returns {string | undefined} */
  get(slot) {
    return this.#read()[slotKey(slot)];
  }

  set(slot, message) {
    this.#write({ ...this.#read(), [slotKey(slot)]: message });
  }

  dismiss(slot) {
    const alerts = this.#read();
    delete alerts[slotKey(slot)];
    this.#write(alerts);
  }
}
