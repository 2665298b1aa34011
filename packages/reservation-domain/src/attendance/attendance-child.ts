import { holdingStatus, slotKeyOf, type FamilyState } from '../family';
import type { IsoDate } from '../shared/iso-date';

/** What the family stream says of a child on a day of an activity, as the pointage needs it. */
export interface ChildOnDay {
  /** The family is registered and the child enrolled in it. */
  readonly known: boolean;
  /** Enrolled in the activity. */
  readonly enrolled: boolean;
  /** Holds a confirmed reservation of that day (a pending order does not count). */
  readonly reserved: boolean;
}

export function childOnDay(family: FamilyState, childId: string, activityId: string, date: IsoDate): ChildOnDay {
  const child = family.status === 'registered' ? family.children.get(childId) : undefined;
  if (!child) return { known: false, enrolled: false, reserved: false };
  const holding = family.slots.get(slotKeyOf(childId, activityId, date));
  return { known: true, enrolled: child.activityIds.includes(activityId), reserved: holding !== undefined && holdingStatus(family, holding) === 'reserved' };
}

/** The key of a child in an attendance sheet. */
export const attendanceChildKey = (familyId: string, childId: string): string => `${familyId}|${childId}`;
