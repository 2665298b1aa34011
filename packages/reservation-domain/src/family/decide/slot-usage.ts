/**
 * What a child already holds of one activity around a slot (R3: occasional price, days-per-week
 * reduction, monthly cap). Asked lazily by `priceSlot`, only for grids that need it. Held slots
 * are looked up by key — 7 probes for the week, at most 31 for the month — never by a scan.
 */
import type { SlotUsage } from '../../catalog';
import { fromEpochDay, toEpochDay, weekdayOfEpochDay, type IsoDate } from '../../shared';
import type { Slot } from '../family.commands';
import type { ReservationLine } from '../family.events';
import { slotKeyOf, type SlotHolding } from '../family.state';
import type { PersistentMap } from '../internal/persistent-map';

function sameChildActivity(a: { childId: string; activityId: string }, b: { childId: string; activityId: string }): boolean {
  return a.childId === b.childId && a.activityId === b.activityId;
}

/**
 * `slots`: the family's held slots before the order; `order`: every slot of the order being
 * priced (all count for the week); `pricedBefore`: the order's lines already priced (their
 * prices count for the month, like the held ones').
 */
export function slotUsageOf(
  slots: PersistentMap<SlotHolding>,
  order: readonly Slot[],
  pricedBefore: readonly ReservationLine[],
  slot: Slot,
): SlotUsage {
  const day = toEpochDay(slot.date);
  const monday = day - weekdayOfEpochDay(day) + 1;
  const weekDates = new Set<IsoDate>();
  for (let d = monday; d < monday + 7; d++) {
    const date = fromEpochDay(d);
    if (slots.has(slotKeyOf(slot.childId, slot.activityId, date))) weekDates.add(date);
  }
  for (const other of order) {
    if (sameChildActivity(other, slot) && toEpochDay(other.date) >= monday && toEpochDay(other.date) < monday + 7) weekDates.add(other.date);
  }

  const month = slot.date.slice(0, 7);
  let paidCentsInMonth = 0;
  for (let dayOfMonth = 1; dayOfMonth <= 31; dayOfMonth++) {
    const held = slots.get(slotKeyOf(slot.childId, slot.activityId, `${month}-${String(dayOfMonth).padStart(2, '0')}`));
    if (held) paidCentsInMonth += held.unitPriceCents;
  }
  for (const line of pricedBefore) {
    if (sameChildActivity(line, slot) && line.date.startsWith(month)) paidCentsInMonth += line.unitPriceCents;
  }
  return { daysInWeek: weekDates.size, paidCentsInMonth };
}
