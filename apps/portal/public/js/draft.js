// « Modification en cours »: the days the parent toggled and has not submitted yet. Kept per
// family in sessionStorage so it survives a change of week or a reload.

/** @typedef {{ childId: string, activityId: string, date: string }} Slot */
/** @typedef {Slot & { op: 'reserve' | 'cancel', priceCents?: number }} DraftEntry */

export function slotKey({ childId, activityId, date }) {
  return `${childId}|${activityId}|${date}`;
}

const bySlot = (a, b) => a.date.localeCompare(b.date) || a.childId.localeCompare(b.childId) || a.activityId.localeCompare(b.activityId);

export class Draft {
  /** @param {string} familyId */
  constructor(familyId, storage = sessionStorage) {
    this.storageKey = `periscol.draft.${familyId}`;
    this.storage = storage;
    /** @type {Map<string, DraftEntry>} */
    this.entries = new Map();
    try {
      for (const entry of JSON.parse(storage.getItem(this.storageKey) ?? '[]')) this.entries.set(slotKey(entry), entry);
    } catch {
      this.entries.clear();
    }
  }

  #save() {
    this.storage.setItem(this.storageKey, JSON.stringify([...this.entries.values()]));
  }

  get size() {
    return this.entries.size;
  }

  get(slot) {
    return this.entries.get(slotKey(slot));
  }

  /** Adds the change, or removes it when it was already there (a second click undoes). */
  toggle(slot, op, priceCents) {
    const key = slotKey(slot);
    if (this.entries.has(key)) this.entries.delete(key);
    else this.entries.set(key, { childId: slot.childId, activityId: slot.activityId, date: slot.date, op, priceCents });
    this.#save();
  }

  /** Slots to reserve, in a stable order (the same draft always gives the same request body). */
  reserveSlots() {
    return this.#slots('reserve');
  }

  cancelSlots() {
    return this.#slots('cancel');
  }

  #slots(op) {
    return [...this.entries.values()]
      .filter((entry) => entry.op === op)
      .map(({ childId, activityId, date }) => ({ childId, activityId, date }))
      .sort(bySlot);
  }

  /** Drops one change (a day the server refused), keeping the others. */
  remove(slot) {
    this.entries.delete(slotKey(slot));
    this.#save();
  }

  /** Days (dates) and weeks touched by the draft, for the running total's wording. */
  dates() {
    return [...new Set([...this.entries.values()].map((entry) => entry.date))].sort();
  }

  /** Forgets the given changes (after they were submitted), or all of them. */
  clear(op) {
    for (const [key, entry] of this.entries) if (!op || entry.op === op) this.entries.delete(key);
    this.#save();
  }
}
