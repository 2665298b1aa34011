import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { AttendanceSheets } from '@periscol/application';
import { knownActivity } from '@periscol/reservation-domain';
import type { z } from 'zod';
import { CatalogSource } from '@periscol/application';
import { fromEither } from '../platform/http/refusal';
import type { attendanceChildSchema, attendanceSheetSchema } from './attendance-marks.routes';
import { attendanceMarksDto, type AttendanceMarksDto } from './mark-attendance.handler';

export type AttendanceSheetDto = z.infer<typeof attendanceSheetSchema>;
export type AttendanceChildDto = z.infer<typeof attendanceChildSchema>;

export class GetAttendanceSheetQuery extends Query<AttendanceSheetDto> {
  constructor(
    readonly date: string,
    readonly activityId: string,
    readonly school: string | null,
  ) {
    super();
  }
}

export class SearchAttendanceChildrenQuery extends Query<{ children: AttendanceChildDto[] }> {
  constructor(
    readonly date: string,
    readonly activityId: string,
    readonly school: string,
    readonly text: string,
  ) {
    super();
  }
}

export class GetAttendanceMarksQuery extends Query<AttendanceMarksDto> {
  constructor(
    readonly date: string,
    readonly activityId: string,
  ) {
    super();
  }
}

/** The pointage list of a day, with each child's mark and the counts reserved vs present (R20). */
@QueryHandler(GetAttendanceSheetQuery)
export class GetAttendanceSheetHandler implements IQueryHandler<GetAttendanceSheetQuery> {
  constructor(private readonly sheets: AttendanceSheets) {}

  async execute({ date, activityId, school }: GetAttendanceSheetQuery): Promise<AttendanceSheetDto> {
    const sheet = fromEither(await this.sheets.sheet(date, activityId, school));
    return { ...sheet, bySchool: [...sheet.bySchool], children: [...sheet.children] };
  }
}

/** Enrolled children of a school, by name: whom an agent may add as present without a reservation. */
@QueryHandler(SearchAttendanceChildrenQuery)
export class SearchAttendanceChildrenHandler implements IQueryHandler<SearchAttendanceChildrenQuery> {
  constructor(private readonly sheets: AttendanceSheets) {}

  async execute({ date, activityId, school, text }: SearchAttendanceChildrenQuery): Promise<{ children: AttendanceChildDto[] }> {
    return { children: fromEither(await this.sheets.searchEnrolled(date, activityId, school, text)) };
  }
}

/** The latest mark of each child of a day. */
@QueryHandler(GetAttendanceMarksQuery)
export class GetAttendanceMarksHandler implements IQueryHandler<GetAttendanceMarksQuery> {
  constructor(
    private readonly sheets: AttendanceSheets,
    private readonly catalogs: CatalogSource,
  ) {}

  async execute({ date, activityId }: GetAttendanceMarksQuery): Promise<AttendanceMarksDto> {
    fromEither(knownActivity(this.catalogs.current(), activityId));
    return attendanceMarksDto(date, activityId, await this.sheets.marks(date, activityId));
  }
}
