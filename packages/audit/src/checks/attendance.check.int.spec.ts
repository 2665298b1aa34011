import { attendanceStreamId } from '@periscol/application';
import { handleCommand, type EventStore } from '@periscol/event-store';
import {
  ATTENDANCE_MARKED,
  ATTENDANCE_MARKED_SCHEMA_VERSION,
  attendanceChildKey,
  attendanceDecider,
  demoCatalog,
  readAttendanceMarked,
  type AttendanceMarkInput,
} from '@periscol/reservation-domain';
import { isRight } from 'fp-ts/Either';
import { randomHistory, writeHistory } from '../testing/random-history';
import { must, openTempStore } from '../testing/temp-store';
import type { AuditReport } from './audit-report';
import { verifyHistory } from './verify-history';

const MONDAY = '2026-09-14';
const LUNCH = '2026-09-14T10:00:00.000Z';
const checkOf = (report: AuditReport, id: string) => must(report.checks.find((check) => check.id === id), id);

/** Marks saved through the domain's decider, as the API saves them. */
async function point(store: EventStore, key: string, marks: readonly AttendanceMarkInput[]): Promise<void> {
  const children = new Map(marks.map((mark) => [attendanceChildKey(mark.familyId, mark.childId), { known: true, enrolled: true, reserved: mark.childId !== 'walk-in' }]));
  const result = await handleCommand(store, attendanceDecider(demoCatalog), {
    streamId: attendanceStreamId('restauration', MONDAY),
    command: { date: MONDAY, activityId: 'restauration', marks, children, agentId: 'agent-1', now: LUNCH },
    idempotencyKey: key,
    schemaVersionOf: () => ATTENDANCE_MARKED_SCHEMA_VERSION,
    upcast: readAttendanceMarked,
  });
  if (!isRight(result)) throw new Error(JSON.stringify(result.left));
}

describe('verify replays the pointage (R20)', () => {
  it('verifies a history holding marks and their corrections, every other check still clean', async () => {
    const temp = openTempStore();
    try {
      await writeHistory(temp.store, randomHistory({ seed: 7, families: 4 }).commands, temp.clock);
      await point(temp.store, 'k1', [
        { familyId: 'f1', childId: 'c1', status: 'present', expected: null },
        { familyId: 'f1', childId: 'c2', status: 'absent', expected: null },
        { familyId: 'f2', childId: 'walk-in', status: 'present', expected: null },
      ]);
      await point(temp.store, 'k2', [{ familyId: 'f1', childId: 'c2', status: 'present', expected: 'absent' }]);

      const report = await verifyHistory(temp.store, { catalog: demoCatalog });

      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
      expect(checkOf(report, 'attendance').detail).toBe('4 mark(s) in 1 day(s)');
    } finally {
      await temp.dispose();
    }
  });

  it('finds a mark that does not read, and one that corrects a mark the child did not have', async () => {
    const temp = openTempStore();
    try {
      await point(temp.store, 'k1', [{ familyId: 'f1', childId: 'c1', status: 'present', expected: null }]);
      const stream = attendanceStreamId('restauration', MONDAY);
      const data = { date: MONDAY, activityId: 'restauration', familyId: 'f1', childId: 'c1', status: 'absent', reserved: true, replaces: null, agentId: 'agent-2', markedAt: LUNCH };
      // Written behind the decider's back: a correction that says it replaces nothing, then a mark of an unknown schema version.
      await temp.store.appendToStream(stream, [{ type: ATTENDANCE_MARKED, data, metadata: { eventId: 'bad-1', schemaVersion: 1 } }], { expectedRevision: 0 });
      await temp.store.appendToStream(stream, [{ type: ATTENDANCE_MARKED, data: { ...data, status: 'present' }, metadata: { eventId: 'bad-2', schemaVersion: 9 } }], { expectedRevision: 1 });

      const report = await verifyHistory(temp.store, { catalog: demoCatalog });

      const attendance = checkOf(report, 'attendance');
      expect(attendance.ok).toBe(false);
      expect(attendance.violations.map((violation) => [violation.code, violation.revision])).toEqual([
        ['ATTENDANCE_MARK_INCONSISTENT', 1],
        ['INVALID_EVENT', 2],
      ]);
      expect(checkOf(report, 'hash-chains').ok).toBe(true);
      expect(report.ok).toBe(false);
    } finally {
      await temp.dispose();
    }
  });
});
