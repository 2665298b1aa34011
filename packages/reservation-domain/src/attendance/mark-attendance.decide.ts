/**
 * R20 — the pointage of a day, an activity: one stream per day and activity
 * (`attendance-<activityId>-<date>`) holds every child's marks, so the marks of a day are decided
 * together and the meal count (reserved vs present) is one fold.
 *
 * Two agents may point the same list at once on two tablets. Each mark carries the mark the
 * agent saw (`expected`); when another agent changed that child's mark since, the save is
 * refused (ATTENDANCE_MARK_CHANGED, the child and the current mark in the details) rather than
 * the last write silently winning: the agent sees the other mark and decides again. Marks of
 * other children, or the same mark twice, never conflict (the command loop re-decides on the new
 * stream head and appends only what changes).
 */
import { right, type Either } from 'fp-ts/Either';
import { DAY_STATUS_REFUSALS, serviceDayStatus, type Catalog } from '../catalog';
import { refuse, type Refusal } from '../family/refusal';
import type { Instant } from '../shared/instant';
import { isIsoDate } from '../shared/iso-date';
import { regieDateOf } from '../regie/close-regie-day.decide';
import { attendanceChildKey, type ChildOnDay } from './attendance-child';
import { ATTENDANCE_MARKED, type AttendanceMarked, type AttendanceMarkedData, type AttendanceStatus } from './attendance-marked.event';

export interface AttendanceMarkInput {
  readonly familyId: string;
  readonly childId: string;
  readonly status: AttendanceStatus;
  /** The child's mark as the agent saw it before this save (null: not marked yet). */
  readonly expected: AttendanceStatus | null;
}

export interface MarkAttendance {
  readonly date: string;
  readonly activityId: string;
  readonly marks: readonly AttendanceMarkInput[];
  /** The family stream's facts about each child of `marks`, by `attendanceChildKey` (absent: unknown family). */
  readonly children: ReadonlyMap<string, ChildOnDay>;
  readonly agentId: string;
  readonly now: Instant;
}

export interface AttendanceSheetState {
  /** Each child's latest mark, by `attendanceChildKey`. */
  readonly marks: ReadonlyMap<string, AttendanceMarkedData>;
}

export const initialAttendanceSheetState = (): AttendanceSheetState => ({ marks: new Map() });

/** Marks one save may carry: a class list, with room. */
export const MAX_MARKS_PER_SAVE = 500;

export function decideAttendanceMarks(catalog: Catalog, command: MarkAttendance, state: AttendanceSheetState): Either<Refusal, readonly AttendanceMarked[]> {
  const { date, activityId, marks, children, agentId, now } = command;
  if (!isIsoDate(date)) return refuse('INVALID_DATE', `${date} is not a date (YYYY-MM-DD)`);
  if (marks.length === 0) return refuse('EMPTY_REQUEST', 'No mark to save');
  if (marks.length > MAX_MARKS_PER_SAVE) return refuse('INVALID_COMMAND', `At most ${MAX_MARKS_PER_SAVE} marks per save`);
  const keys = new Set<string>();
  for (const mark of marks) {
    const key = attendanceChildKey(mark.familyId, mark.childId);
    if (keys.has(key)) return refuse('INVALID_COMMAND', `Child ${mark.childId} is marked twice in one save`, [{ familyId: mark.familyId, childId: mark.childId }]);
    keys.add(key);
  }
  const status = serviceDayStatus(catalog, activityId, date);
  if (!status.open) return refuse(DAY_STATUS_REFUSALS[status.reason], `${activityId} does not run on ${date}`, [{ activityId, date, reason: status.reason }]);
  const today = regieDateOf(now, catalog.timezone);
  if (date > today) return refuse('ATTENDANCE_DAY_IN_FUTURE', `${date} has not come yet (today is ${today}): it cannot be pointed`, [{ date, today }]);

  const unknown = marks.filter((mark) => !children.get(attendanceChildKey(mark.familyId, mark.childId))?.known);
  if (unknown.length > 0) return refuse('UNKNOWN_CHILD', 'Unknown child', unknown.map(({ familyId, childId }) => ({ familyId, childId })));
  const notEnrolled = marks.filter((mark) => !children.get(attendanceChildKey(mark.familyId, mark.childId))?.enrolled);
  if (notEnrolled.length > 0) return refuse('NOT_ENROLLED', `Not enrolled in ${activityId}`, notEnrolled.map(({ familyId, childId }) => ({ familyId, childId })));

  const changed = marks.flatMap((mark) => {
    const current = state.marks.get(attendanceChildKey(mark.familyId, mark.childId));
    const currentStatus = current?.status ?? null;
    if (currentStatus === mark.expected || currentStatus === mark.status) return [];
    return [{ familyId: mark.familyId, childId: mark.childId, status: currentStatus, agentId: current?.agentId ?? null, markedAt: current?.markedAt ?? null }];
  });
  if (changed.length > 0) return refuse('ATTENDANCE_MARK_CHANGED', 'Another agent changed these marks since they were read', changed);

  const events: AttendanceMarked[] = [];
  for (const mark of marks) {
    const key = attendanceChildKey(mark.familyId, mark.childId);
    const current = state.marks.get(key);
    if (current?.status === mark.status) continue;
    const reserved = (children.get(key) as ChildOnDay).reserved;
    // An absence is a correction of a mark, or a reserved child missing: never a first mark of a child with no reservation.
    if (mark.status === 'absent' && !reserved && current === undefined) return refuse('NOT_RESERVED', `Child ${mark.childId} holds no reservation of ${date} and was not marked: nothing to mark absent`, [{ familyId: mark.familyId, childId: mark.childId }]);
    events.push({
      type: ATTENDANCE_MARKED,
      data: { date, activityId, familyId: mark.familyId, childId: mark.childId, status: mark.status, reserved, replaces: current?.status ?? null, agentId, markedAt: now },
    });
  }
  return right(events);
}

export function evolveAttendanceSheet(state: AttendanceSheetState, event: AttendanceMarked): AttendanceSheetState {
  if (event.type !== ATTENDANCE_MARKED) return state;
  const marks = new Map(state.marks);
  marks.set(attendanceChildKey(event.data.familyId, event.data.childId), event.data);
  return { marks };
}

/** The attendance stream's decider over a catalog (with its closures), in the shape the command loop takes. */
export function attendanceDecider(catalog: Catalog) {
  return {
    initialState: initialAttendanceSheetState,
    evolve: evolveAttendanceSheet,
    decide: (command: MarkAttendance, state: AttendanceSheetState) => decideAttendanceMarks(catalog, command, state),
  };
}

/** Every child's current mark of the sheet (the latest of each), by family then child. */
export function attendanceMarksOf(state: AttendanceSheetState): AttendanceMarkedData[] {
  return [...state.marks.values()].sort((a, b) => (a.familyId < b.familyId ? -1 : a.familyId > b.familyId ? 1 : a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0));
}

/** Children present without a reservation of the day: what a charging rule would read. */
export function presentWithoutReservation(state: AttendanceSheetState): AttendanceMarkedData[] {
  return attendanceMarksOf(state).filter((mark) => mark.status === 'present' && !mark.reserved);
}

/** The counts of a sheet (`reserved`: the reserved children the caller lists; the marks do the rest). */
export function attendanceCounts(state: AttendanceSheetState, reservedKeys: readonly string[]): { reserved: number; present: number; absent: number; unmarked: number; presentWithoutReservation: number } {
  const reservedSet = new Set(reservedKeys);
  let present = 0;
  let absent = 0;
  let withoutReservation = 0;
  for (const [key, mark] of state.marks) {
    if (mark.status === 'present') {
      present++;
      if (!reservedSet.has(key)) withoutReservation++;
    } else if (reservedSet.has(key)) absent++;
  }
  const unmarked = [...reservedSet].filter((key) => !state.marks.has(key)).length;
  return { reserved: reservedSet.size, present, absent, unmarked, presentWithoutReservation: withoutReservation };
}
