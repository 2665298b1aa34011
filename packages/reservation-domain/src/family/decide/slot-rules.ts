/**
 * R2 (docs/rules.md), the slot rules every request and cancellation applies slot by slot: a slot
 * is bookable when the child belongs to the family and is enrolled in the activity, the activity
 * serves that day, the day is in the school year and not closed, and the reservation deadline
 * has not passed; it may be cancelled until its cancellation deadline (R9). No slot twice (R4).
 */
import { right, type Either, type Left } from 'fp-ts/Either';
import { DAY_STATUS_REFUSALS, getActivity, isLateBooking, serviceDayStatus, type Catalog } from '../../catalog';
import type { Slot } from '../family.commands';
import { slotKeyOf, type FamilyRecords } from '../family.state';
import { deadlineMs } from '../internal/deadline-cache';
import { firstRepeatedSlot } from '../internal/first-repeat';
import { refuse, type Refusal, type RefusalCode } from '../refusal';

/** Why one slot of a request or cancellation is refused. */
export interface SlotProblem {
  readonly childId: string;
  readonly activityId: string;
  readonly date: string;
  readonly code: RefusalCode;
  readonly message: string;
}

/**
 * R2 without "free": why `slot` cannot be reserved by this family at `nowMs`, or null.
 * Shared by requests, late payments, the planning and the quote. With `allowLate`, a slot past
 * its deadline is still bookable within the town's late-booking window (at the late price,
 * `withLatePrice`); a late payment confirms only at the price its order was requested at, so it
 * never takes the window. `school`: the child's school, when the person stream gave it (a day
 * closed for one school, R14, is closed to its children only).
 */
export function slotBookingProblem(
  catalog: Catalog,
  state: FamilyRecords,
  slot: Slot,
  nowMs: number,
  allowLate = false,
  school?: string,
): { readonly code: RefusalCode; readonly message: string } | null {
  const child = state.children.get(slot.childId);
  if (!child) return { code: 'UNKNOWN_CHILD', message: `Child ${slot.childId} is not a child of this family` };
  if (!getActivity(catalog, slot.activityId)) {
    return { code: 'UNKNOWN_ACTIVITY', message: `Unknown activity ${slot.activityId}` };
  }
  if (!child.activityIds.includes(slot.activityId)) {
    return { code: 'NOT_ENROLLED', message: `Child ${slot.childId} is not enrolled in ${slot.activityId}` };
  }
  const day = serviceDayStatus(catalog, slot.activityId, slot.date, school);
  if (!day.open) {
    const label = day.label ? ` (${day.label})` : '';
    return { code: DAY_STATUS_REFUSALS[day.reason], message: `${slot.activityId} is not open on ${slot.date}${label}` };
  }
  if (nowMs > deadlineMs(catalog, 'reserve', slot.activityId, slot.date) && !(allowLate && isLateBooking(catalog, slot.activityId, slot.date, nowMs))) {
    return { code: 'DEADLINE_PASSED', message: `The reservation deadline of ${slot.activityId} on ${slot.date} has passed` };
  }
  return null;
}

/** Whether `slot` may still be cancelled at `nowMs` (its cancellation deadline, R9). */
export function cancellationOpen(catalog: Catalog, slot: Slot, nowMs: number): boolean {
  return nowMs <= deadlineMs(catalog, 'cancel', slot.activityId, slot.date);
}

export function slotProblem(slot: Slot, code: RefusalCode, message: string): SlotProblem {
  return { childId: slot.childId, activityId: slot.activityId, date: slot.date, code, message };
}

/** EMPTY_REQUEST / DUPLICATE_SLOT, or the slots' keys. */
export function distinctSlotKeys(slots: readonly Slot[]): Either<Refusal, readonly string[]> {
  if (slots.length === 0) return refuse('EMPTY_REQUEST', 'Choose at least one slot');
  const keys = slots.map((slot) => slotKeyOf(slot.childId, slot.activityId, slot.date));
  const duplicate = firstRepeatedSlot(slots, keys);
  if (duplicate >= 0) {
    return refuse('DUPLICATE_SLOT', `The slot ${keys[duplicate]} appears twice`, [
      slotProblem(slots[duplicate], 'DUPLICATE_SLOT', 'twice'),
    ]);
  }
  return right(keys);
}

/** The refusal naming every slot refused: the first one's code, every problem in the details. */
export function refuseSlots(problems: readonly SlotProblem[]): Left<Refusal> {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return refuse(first.code, `${first.message}${more}`, problems);
}
