import { Body, Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import type { BodyOf, QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { attendanceChildrenRoute, attendanceMarksRoute, attendanceSheetRoute, markAttendanceRoute } from './attendance-marks.routes';
import { GetAttendanceMarksQuery, GetAttendanceSheetQuery, SearchAttendanceChildrenQuery, type AttendanceChildDto, type AttendanceSheetDto } from './attendance-sheet.query';
import { MarkAttendanceCommand, type AttendanceMarksDto } from './mark-attendance.handler';

/** The pointage (R20): the list of a day with its marks, the search of enrolled children, the marks saved. */
@Controller()
export class AttendanceMarksController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(attendanceSheetRoute)
  sheet(@Query() query: QueryOf<typeof attendanceSheetRoute>): Promise<AttendanceSheetDto> {
    return this.queries.execute(new GetAttendanceSheetQuery(query.date, query.activityId, query.school ?? null));
  }

  @Route(attendanceChildrenRoute)
  children(@Query() query: QueryOf<typeof attendanceChildrenRoute>): Promise<{ children: AttendanceChildDto[] }> {
    return this.queries.execute(new SearchAttendanceChildrenQuery(query.date, query.activityId, query.school, query.q));
  }

  @Route(attendanceMarksRoute)
  marks(@Query() query: QueryOf<typeof attendanceMarksRoute>): Promise<AttendanceMarksDto> {
    return this.queries.execute(new GetAttendanceMarksQuery(query.date, query.activityId));
  }

  @Route(markAttendanceRoute)
  mark(@Body() body: BodyOf<typeof markAttendanceRoute>, @CurrentActor() actor: Actor, @IdempotencyCtx() idem: IdempotencyContext, @RequestId() requestId?: string): Promise<AttendanceMarksDto> {
    return this.commands.execute(new MarkAttendanceCommand(body.date, body.activityId, body.marks, actor, idem, requestId));
  }
}
