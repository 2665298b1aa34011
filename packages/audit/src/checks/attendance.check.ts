/**
 * R20 — the pointage: every event of an `attendance-<activityId>-<date>` stream is an
 * `AttendanceMarked` readable in its schema, of that stream's day and activity, and the marks of
 * each child form one chain of corrections (each mark names the one it replaces, and changes it):
 * replayed with the domain's fold, the history says who was present as the agents recorded it.
 */
import type { EventStore } from '@periscol/event-store';
import { ATTENDANCE_STREAM_PREFIX, attendanceStreamId } from '@periscol/application';
import { attendanceChildKey, evolveAttendanceSheet, initialAttendanceSheetState, readAttendanceMarked } from '@periscol/reservation-domain';
import { readableEvents } from '../store/readable-events';
import { ViolationList, type AuditCheck } from './audit-report';

export const ATTENDANCE_CHECK_NAME = 'pointage: marks readable, of their day, each correcting the previous one (R20)';

export async function checkAttendance(store: EventStore, streamIds: readonly string[], maxViolations = 100): Promise<AuditCheck> {
  const violations = new ViolationList(maxViolations);
  const streams = streamIds.filter((id) => id.startsWith(ATTENDANCE_STREAM_PREFIX));
  let marks = 0;
  for (const streamId of streams) {
    let state = initialAttendanceSheetState();
    for (const stored of await readableEvents(store, streamId)) {
      const at = { streamId, revision: stored.revision, position: stored.position };
      let event;
      try {
        event = readAttendanceMarked(stored);
      } catch (error) {
        violations.add({ code: 'INVALID_EVENT', message: `${stored.type} is not a readable mark: ${error instanceof Error ? error.message.split('\n')[0] : String(error)}`, ...at });
        continue;
      }
      const { date, activityId, familyId, childId, status, replaces } = event.data;
      if (attendanceStreamId(activityId, date) !== streamId) {
        violations.add({ code: 'ATTENDANCE_MARK_INCONSISTENT', message: `a mark of ${activityId} on ${date} in another day's stream`, ...at, familyId });
      }
      const previous = state.marks.get(attendanceChildKey(familyId, childId))?.status ?? null;
      if (replaces !== previous || status === previous) {
        violations.add({ code: 'ATTENDANCE_MARK_INCONSISTENT', message: `child ${childId} marked ${status} replacing ${replaces ?? 'nothing'}, but its mark was ${previous ?? 'none'}`, ...at, familyId });
      }
      state = evolveAttendanceSheet(state, event);
      marks++;
    }
  }
  return violations.check('attendance', ATTENDANCE_CHECK_NAME, `${marks} mark(s) in ${streams.length} day(s)`);
}
