import { demoCatalog, withClosures } from '../catalog';
import { foldFamily } from '../family/family.evolve';
import { base, registered, reservedMonTue, toPayFixture } from './mark-attendance.fixture';
import { deciderSpecification } from '../testing';
import { attendanceChildKey, childOnDay, type ChildOnDay } from './attendance-child';
import { ATTENDANCE_MARKED, type AttendanceMarked, type AttendanceMarkedData } from './attendance-marked.event';
import { attendanceCounts, attendanceDecider, attendanceMarksOf, evolveAttendanceSheet, initialAttendanceSheetState, presentWithoutReservation, type AttendanceMarkInput, type MarkAttendance } from './mark-attendance.decide';

const monday = '2026-09-14';
/** Monday 14 September 2026, 11:45 in Paris. */
const lunchTime = '2026-09-14T09:45:00.000Z';
const spec = deciderSpecification(attendanceDecider(demoCatalog));

const reservedChild: ChildOnDay = { known: true, enrolled: true, reserved: true };
const walkIn: ChildOnDay = { known: true, enrolled: true, reserved: false };
const children = new Map<string, ChildOnDay>([
  [attendanceChildKey('f1', 'c1'), reservedChild],
  [attendanceChildKey('f1', 'c2'), reservedChild],
  [attendanceChildKey('f2', 'c3'), walkIn],
  [attendanceChildKey('f2', 'c4'), { known: true, enrolled: false, reserved: false }],
]);
const mark = (familyId: string, childId: string, status: 'present' | 'absent', expected: 'present' | 'absent' | null = null): AttendanceMarkInput => ({ familyId, childId, status, expected });
const command = (marks: readonly AttendanceMarkInput[], over: Partial<MarkAttendance> = {}): MarkAttendance => ({ date: monday, activityId: 'restauration', marks, children, agentId: 'agent-1', now: lunchTime, ...over });
const marked = (familyId: string, childId: string, status: 'present' | 'absent', over: Partial<AttendanceMarkedData> = {}): AttendanceMarked => ({
  type: ATTENDANCE_MARKED,
  data: { date: monday, activityId: 'restauration', familyId, childId, status, reserved: true, replaces: null, agentId: 'agent-1', markedAt: lunchTime, ...over },
});

describe('pointing a day of an activity (R20)', () => {
  it('records each child marked, with the agent and the time', () => {
    spec.given([]).when(command([mark('f1', 'c1', 'present'), mark('f1', 'c2', 'absent')])).then([marked('f1', 'c1', 'present'), marked('f1', 'c2', 'absent')]);
  });

  it('records a child present without reservation as such', () => {
    spec.given([]).when(command([mark('f2', 'c3', 'present')])).then([marked('f2', 'c3', 'present', { reserved: false })]);
  });

  it('corrects a mark with a new event that says what it replaces', () => {
    spec
      .given([marked('f1', 'c1', 'present')])
      .when(command([mark('f1', 'c1', 'absent', 'present')], { agentId: 'agent-2' }))
      .then([marked('f1', 'c1', 'absent', { replaces: 'present', agentId: 'agent-2' })]);
  });

  it('appends nothing for a mark already recorded (a retried save, or two agents agreeing)', () => {
    spec.given([marked('f1', 'c1', 'present')]).when(command([mark('f1', 'c1', 'present')])).thenNothingHappened();
  });

  it('refuses a save over a mark another agent changed since it was read, naming the child and the mark', () => {
    spec
      .given([marked('f1', 'c1', 'present', { agentId: 'agent-2' })])
      .when(command([mark('f1', 'c2', 'present'), mark('f1', 'c1', 'absent', null)]))
      .thenFails('ATTENDANCE_MARK_CHANGED', (refusal) => expect(refusal.details).toEqual([{ familyId: 'f1', childId: 'c1', status: 'present', agentId: 'agent-2', markedAt: lunchTime }]));
  });

  it('refuses a day not come yet in the town, and accepts today', () => {
    spec.given([]).when(command([mark('f1', 'c1', 'present')], { date: '2026-09-15' })).thenFails('ATTENDANCE_DAY_IN_FUTURE');
    // 22:30 UTC on Sunday is already Monday 00:30 in Paris.
    spec.given([]).when(command([mark('f1', 'c1', 'present')], { now: '2026-09-13T22:30:00.000Z' })).then((events) => expect(events).toHaveLength(1));
  });

  it('refuses a day the service does not run', () => {
    const closed = withClosures(demoCatalog, [{ activityId: 'restauration', date: monday, reason: 'Grève' }]);
    deciderSpecification(attendanceDecider(closed)).given([]).when(command([mark('f1', 'c1', 'present')])).thenFails('DAY_CLOSED');
    spec.given([]).when(command([mark('f1', 'c1', 'present')], { date: '2026-09-16', now: '2026-09-17T08:00:00.000Z' })).thenFails('NOT_SERVED');
    spec.given([]).when(command([mark('f1', 'c1', 'present')], { activityId: 'piscine' })).thenFails('UNKNOWN_ACTIVITY');
  });

  it('refuses an unknown child and a child not enrolled in the activity', () => {
    spec.given([]).when(command([mark('f9', 'c1', 'present')])).thenFails('UNKNOWN_CHILD', (refusal) => expect(refusal.details).toEqual([{ familyId: 'f9', childId: 'c1' }]));
    spec.given([]).when(command([mark('f2', 'c4', 'present')])).thenFails('NOT_ENROLLED');
  });

  it('refuses a first absence of a child with no reservation, an empty save, a child twice, a wrong date', () => {
    spec.given([]).when(command([mark('f2', 'c3', 'absent')])).thenFails('NOT_RESERVED');
    spec.given([marked('f2', 'c3', 'present', { reserved: false })]).when(command([mark('f2', 'c3', 'absent', 'present')])).then((events) => expect(events[0].data).toMatchObject({ status: 'absent', reserved: false }));
    spec.given([]).when(command([])).thenFails('EMPTY_REQUEST');
    spec.given([]).when(command([mark('f1', 'c1', 'present'), mark('f1', 'c1', 'absent')])).thenFails('INVALID_COMMAND');
    spec.given([]).when(command([mark('f1', 'c1', 'present')], { date: '2026-02-30' })).thenFails('INVALID_DATE');
  });
});

describe('reading the marks', () => {
  const state = [marked('f1', 'c1', 'present'), marked('f1', 'c2', 'absent'), marked('f2', 'c3', 'present', { reserved: false }), marked('f1', 'c2', 'present', { replaces: 'absent' })].reduce(evolveAttendanceSheet, initialAttendanceSheetState());

  it('keeps the latest mark of each child', () => {
    expect(attendanceMarksOf(state).map((m) => [m.childId, m.status])).toEqual([['c1', 'present'], ['c2', 'present'], ['c3', 'present']]);
  });

  it('lists the children present without reservation (what a charge would read)', () => {
    expect(presentWithoutReservation(state).map((m) => m.childId)).toEqual(['c3']);
  });

  it('counts reserved vs present', () => {
    const reserved = [attendanceChildKey('f1', 'c1'), attendanceChildKey('f1', 'c2'), attendanceChildKey('f1', 'c5')];
    expect(attendanceCounts(state, reserved)).toEqual({ reserved: 3, present: 3, absent: 0, unmarked: 1, presentWithoutReservation: 1 });
  });
});

describe('a child on a day, from the family stream', () => {
  it('tells known, enrolled and reserved apart (a pending order is not a reservation)', () => {
    expect(childOnDay(foldFamily(reservedMonTue), 'c1', 'restauration', monday)).toEqual({ known: true, enrolled: true, reserved: true });
    expect(childOnDay(foldFamily(base), 'c1', 'restauration', monday)).toEqual({ known: true, enrolled: true, reserved: false });
    expect(childOnDay(foldFamily(toPayFixture), 'c1', 'restauration', monday)).toEqual({ known: true, enrolled: true, reserved: false });
    expect(childOnDay(foldFamily(base), 'c1', 'accueil-matin', monday)).toEqual({ known: true, enrolled: false, reserved: false });
    expect(childOnDay(foldFamily([registered]), 'c1', 'restauration', monday)).toEqual({ known: false, enrolled: false, reserved: false });
    expect(childOnDay(foldFamily([]), 'c1', 'restauration', monday)).toEqual({ known: false, enrolled: false, reserved: false });
  });
});
