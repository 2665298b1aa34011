import { Controller, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { AttendanceDto, GetAttendanceQuery } from './attendance.query';
import { attendanceRoute } from './attendance.routes';

/** Who comes on a day: the canteen's meal count, by school. */
@Controller()
export class AttendanceController {
  constructor(private readonly queries: QueryBus) {}

  @Route(attendanceRoute)
  attendance(@Query() query: QueryOf<typeof attendanceRoute>): Promise<AttendanceDto> {
    return this.queries.execute(new GetAttendanceQuery(query.date, query.activityId));
  }
}
