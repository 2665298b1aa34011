import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { knownActivity } from '@periscol/reservation-domain';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import { CatalogSource } from '@periscol/application';
import { fromEither } from '../platform/http/refusal';
import { ReadModels } from '@periscol/application';
import type { attendanceSchema } from './attendance.routes';

export type AttendanceDto = z.infer<typeof attendanceSchema>;

/** Shown in place of a school once the family's personal data was erased (R17). */
export const ERASED_LABEL = 'données effacées';

interface AttendanceRow {
  familyId: string;
  childId: string;
  firstName: string | null;
  lastName: string | null;
  school: string | null;
  grade: string | null;
}

export class GetAttendanceQuery extends Query<AttendanceDto> {
  constructor(
    readonly date: string,
    readonly activityId: string,
  ) {
    super();
  }
}

/** The attendance read model joined with the children's identities (school, grade, names). */
@QueryHandler(GetAttendanceQuery)
export class GetAttendanceHandler implements IQueryHandler<GetAttendanceQuery> {
  private readonly rows: Database.Statement<[string, string], AttendanceRow>;

  constructor(
    private readonly readModels: ReadModels,
    private readonly catalogs: CatalogSource,
  ) {
    this.rows = readModels.db.prepare(
      `SELECT a.family_id AS familyId, a.child_id AS childId, c.first_name AS firstName, c.last_name AS lastName, c.school AS school, c.grade AS grade
       FROM attendance a LEFT JOIN person_children c ON c.family_id = a.family_id AND c.child_id = a.child_id
       WHERE a.date = ? AND a.activity_id = ?
       ORDER BY c.school IS NULL, c.school, c.last_name, c.first_name, a.family_id, a.child_id`,
    );
  }

  async execute({ date, activityId }: GetAttendanceQuery): Promise<AttendanceDto> {
    fromEither(knownActivity(this.catalogs.current(), activityId));
    await this.readModels.catchUp();
    const bySchool = new Map<string, AttendanceDto['bySchool'][number]>();
    const rows = this.rows.all(date, activityId);
    for (const row of rows) {
      const school = row.school ?? ERASED_LABEL;
      let group = bySchool.get(school);
      if (!group) bySchool.set(school, (group = { school, count: 0, children: [] }));
      group.count++;
      group.children.push({ childId: row.childId, familyId: row.familyId, firstName: row.firstName, lastName: row.lastName, grade: row.grade });
    }
    return { date, activityId, total: rows.length, bySchool: [...bySchool.values()] };
  }
}
