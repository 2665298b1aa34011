import { isLeft, right, type Either } from 'fp-ts/Either';
import type { IsoDate } from '../shared';
import { familyIdOf, holdingStatus, parseLocalDate, type FamilyState, type Refusal } from '../family';

export interface AttendanceLine {
  readonly familyId: string | null;
  readonly childId: string;
  readonly activityId: string;
  readonly date: IsoDate;
  readonly orderId: string;
}

/**
 * This family's confirmed slots (optionally of one date and/or activity), sorted by date,
 * activity and child: the rows an attendance read model (meal counts) gathers across families.
 * A `date` that does not exist, or lies outside 2000–2100, is refused INVALID_DATE.
 */
export function attendanceLines(
  state: FamilyState,
  filter: { readonly date?: IsoDate; readonly activityId?: string } = {},
): Either<Refusal, AttendanceLine[]> {
  if (filter.date !== undefined) {
    const date = parseLocalDate(filter.date);
    if (isLeft(date)) return date;
  }
  const out: AttendanceLine[] = [];
  state.slots.forEach((slot) => {
    if (holdingStatus(state, slot) !== 'reserved') return;
    if (filter.date !== undefined && slot.date !== filter.date) return;
    if (filter.activityId !== undefined && slot.activityId !== filter.activityId) return;
    out.push({ familyId: familyIdOf(state), childId: slot.childId, activityId: slot.activityId, date: slot.date, orderId: slot.orderId });
  });
  return right(
    out.sort(
      (a, b) =>
        (a.date < b.date ? -1 : a.date > b.date ? 1 : 0) ||
        (a.activityId < b.activityId ? -1 : a.activityId > b.activityId ? 1 : 0) ||
        (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0),
    ),
  );
}
