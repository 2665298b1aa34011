/**
 * The pointage (R20): an agent's marks of a day, an activity, decided by the domain's
 * `attendanceDecider` on `attendance-<activityId>-<date>` with the family streams' facts about
 * each child (known, enrolled in the activity, holding a reservation of the day), and read back
 * joined with the reserved children and their identities (erased ones keep no name, R17).
 */
import { handleCommand, type EventStore } from '@periscol/event-store';
import {
  ATTENDANCE_MARKED_SCHEMA_VERSION,
  attendanceChildKey,
  attendanceCounts,
  attendanceDecider,
  attendanceMarksOf,
  childOnDay,
  evolveAttendanceSheet,
  initialAttendanceSheetState,
  knownActivity,
  presentWithoutReservation,
  readAttendanceMarked,
  type AttendanceMarkedData,
  type AttendanceMarkInput,
  type AttendanceSheetState,
  type ChildOnDay,
  type Refusal,
} from '@periscol/reservation-domain';
import { isLeft, right, type Either } from 'fp-ts/Either';
import type { CatalogSource } from '../catalog/catalog-source';
import type { CommandContext } from '../commands/command-context';
import type { ReadModels } from '../read-models/read-models';
import type { FamilySnapshots } from '../snapshots/family-snapshots';
import { attendanceStreamId } from '../streams/stream-names';

export interface AttendanceMark {
  readonly status: AttendanceMarkedData['status'];
  /** Whether the child held a reservation when marked. */
  readonly reserved: boolean;
  readonly agentId: string;
  readonly markedAt: string;
}

export interface AttendanceSheetChild {
  readonly familyId: string;
  readonly childId: string;
  readonly firstName: string | null;
  readonly lastName: string | null;
  readonly school: string | null;
  readonly grade: string | null;
  /** Holds a confirmed reservation of the day now. */
  readonly reserved: boolean;
  readonly mark: AttendanceMark | null;
}

export interface AttendanceSheetCounts {
  readonly reserved: number;
  readonly present: number;
  readonly absent: number;
  readonly unmarked: number;
  readonly presentWithoutReservation: number;
}

export interface AttendanceSheet {
  readonly date: string;
  readonly activityId: string;
  /** The school listed, or null for every school. */
  readonly school: string | null;
  readonly counts: AttendanceSheetCounts;
  readonly bySchool: readonly { readonly school: string | null; readonly counts: AttendanceSheetCounts }[];
  /** Reserved children, then the children marked without a reservation, by school and name. */
  readonly children: readonly AttendanceSheetChild[];
}

/** Children one search answers with. */
export const ATTENDANCE_SEARCH_LIMIT = 20;

const markOf = (data: AttendanceMarkedData | undefined): AttendanceMark | null =>
  data ? { status: data.status, reserved: data.reserved, agentId: data.agentId, markedAt: data.markedAt } : null;

const bySchoolAndName = (a: AttendanceSheetChild, b: AttendanceSheetChild): number =>
  Number(a.school === null) - Number(b.school === null) ||
  (a.school ?? '').localeCompare(b.school ?? '', 'fr') ||
  (a.lastName ?? '').localeCompare(b.lastName ?? '', 'fr') ||
  (a.firstName ?? '').localeCompare(b.firstName ?? '', 'fr') ||
  (a.familyId < b.familyId ? -1 : a.familyId > b.familyId ? 1 : a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0);

export class AttendanceSheets {
  constructor(
    private readonly store: EventStore,
    private readonly catalogs: CatalogSource,
    private readonly snapshots: FamilySnapshots,
    private readonly readModels: ReadModels,
  ) {}

  /** Records the marks an agent saved (the agent from `ctx.actor`); answers the sheet's marks after the save. */
  async mark(date: string, activityId: string, marks: readonly AttendanceMarkInput[], now: string, ctx: CommandContext): Promise<Either<Refusal, readonly AttendanceMarkedData[]>> {
    const catalog = await this.catalogs.refresh();
    const activity = knownActivity(catalog, activityId);
    if (isLeft(activity)) return activity;
    const children = new Map<string, ChildOnDay>();
    for (const familyId of new Set(marks.map((mark) => mark.familyId))) {
      const { state } = await this.snapshots.load(familyId);
      for (const mark of marks) if (mark.familyId === familyId) children.set(attendanceChildKey(familyId, mark.childId), childOnDay(state, mark.childId, activityId, date));
    }
    const result = await handleCommand(this.store, attendanceDecider(catalog), {
      streamId: attendanceStreamId(activityId, date),
      command: { date, activityId, marks, children, agentId: ctx.actor.userId, now },
      idempotencyKey: ctx.idempotencyKey,
      metadata: { correlationId: ctx.correlationId, causationId: ctx.causationId, actor: ctx.actor },
      schemaVersionOf: () => ATTENDANCE_MARKED_SCHEMA_VERSION,
      upcast: readAttendanceMarked,
    });
    if (isLeft(result)) return result;
    return right(attendanceMarksOf(result.right.state));
  }

  /** The sheet's state folded from its stream (every child's latest mark). */
  async state(date: string, activityId: string): Promise<AttendanceSheetState> {
    const { events } = await this.store.readStream(attendanceStreamId(activityId, date));
    return events.reduce((state, event) => evolveAttendanceSheet(state, readAttendanceMarked(event)), initialAttendanceSheetState());
  }

  /** Current marks of a day (the latest of each child): what a charging rule reads. */
  async marks(date: string, activityId: string): Promise<AttendanceMarkedData[]> {
    return attendanceMarksOf(await this.state(date, activityId));
  }

  /** Children marked present on a day who held no reservation when marked. */
  async presentWithoutReservation(date: string, activityId: string): Promise<AttendanceMarkedData[]> {
    return presentWithoutReservation(await this.state(date, activityId));
  }

  /** The list an agent points: reserved children and marked ones, with their marks and the counts (per school). */
  async sheet(date: string, activityId: string, school: string | null): Promise<Either<Refusal, AttendanceSheet>> {
    const activity = knownActivity(this.catalogs.current(), activityId);
    if (isLeft(activity)) return activity;
    await this.readModels.catchUp();
    const state = await this.state(date, activityId);
    const queries = this.readModels.attendance;
    const reserved = queries.childrenOn(date, activityId);
    const reservedKeys = new Set(reserved.map((row) => attendanceChildKey(row.familyId, row.childId)));
    const all: AttendanceSheetChild[] = reserved.map((row) => ({ ...row, reserved: true, mark: markOf(state.marks.get(attendanceChildKey(row.familyId, row.childId))) }));
    for (const [key, data] of state.marks) {
      if (!reservedKeys.has(key)) all.push({ ...queries.childIdentity(data.familyId, data.childId), reserved: false, mark: markOf(data) });
    }
    all.sort(bySchoolAndName);
    const schools = new Map<string | null, AttendanceSheetChild[]>();
    for (const child of all) schools.set(child.school, [...(schools.get(child.school) ?? []), child]);
    const countsOf = (children: readonly AttendanceSheetChild[]): AttendanceSheetCounts => {
      const keys = new Set(children.map((child) => attendanceChildKey(child.familyId, child.childId)));
      const marks = new Map([...state.marks].filter(([key]) => keys.has(key)));
      return attendanceCounts({ marks }, children.filter((child) => child.reserved).map((child) => attendanceChildKey(child.familyId, child.childId)));
    };
    const children = school === null ? all : all.filter((child) => child.school === school);
    return right({
      date,
      activityId,
      school,
      counts: countsOf(children),
      bySchool: [...schools].map(([name, list]) => ({ school: name, counts: countsOf(list) })),
      children,
    });
  }

  /** Children of a school enrolled in the activity whose name starts with `text`, with whether they are reserved and marked. */
  async searchEnrolled(date: string, activityId: string, school: string, text: string): Promise<Either<Refusal, AttendanceSheetChild[]>> {
    const activity = knownActivity(this.catalogs.current(), activityId);
    if (isLeft(activity)) return activity;
    await this.readModels.catchUp();
    const state = await this.state(date, activityId);
    const found: AttendanceSheetChild[] = [];
    // Read a few more than shown: some of the school's children are not enrolled in the activity.
    for (const row of this.readModels.attendance.childrenOfSchool(school, text.trim(), ATTENDANCE_SEARCH_LIMIT * 5)) {
      const { state: family } = await this.snapshots.load(row.familyId);
      const child = childOnDay(family, row.childId, activityId, date);
      if (!child.enrolled) continue;
      found.push({ ...row, reserved: child.reserved, mark: markOf(state.marks.get(attendanceChildKey(row.familyId, row.childId))) });
      if (found.length === ATTENDANCE_SEARCH_LIMIT) break;
    }
    return right(found);
  }
}
