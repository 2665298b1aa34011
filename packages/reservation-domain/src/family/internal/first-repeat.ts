/** Finding a slot given twice in one request (R4, R9), at the cost of the common case: a few slots. */
import type { Slot } from '../family.commands';

/** Index of the first slot already seen earlier in `slots`, or -1. */
export function firstRepeatedSlot(slots: readonly Slot[], keys: readonly string[]): number {
  return slots.length <= 16 ? firstRepeatSmall(slots) : firstRepeat(keys);
}

/** Pairwise, cheaper than a Set for a few slots. */
function firstRepeatSmall(slots: readonly Slot[]): number {
  for (let i = 1; i < slots.length; i++) {
    const a = slots[i];
    for (let j = 0; j < i; j++) {
      const b = slots[j];
      if (a.date === b.date && a.childId === b.childId && a.activityId === b.activityId) return i;
    }
  }
  return -1;
}

function firstRepeat(keys: readonly string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    if (seen.has(keys[i])) return i;
    seen.add(keys[i]);
  }
  return -1;
}
