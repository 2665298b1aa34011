import { Module } from '@nestjs/common';
import { AttendanceSheets, CatalogSource, FamilySnapshots, ReadModels } from '@periscol/application';
import type { EventStore } from '@periscol/event-store';
import { EVENT_STORE } from '../platform/store/event-store.token';
import { AttendanceMarksController } from './attendance-marks.controller';
import { GetAttendanceMarksHandler, GetAttendanceSheetHandler, SearchAttendanceChildrenHandler } from './attendance-sheet.query';
import { AttendanceController } from './attendance.controller';
import { GetAttendanceHandler } from './attendance.query';
import { MarkAttendanceHandler } from './mark-attendance.handler';

@Module({
  controllers: [AttendanceController, AttendanceMarksController],
  providers: [
    GetAttendanceHandler,
    GetAttendanceSheetHandler,
    SearchAttendanceChildrenHandler,
    GetAttendanceMarksHandler,
    MarkAttendanceHandler,
    {
      provide: AttendanceSheets,
      useFactory: (store: EventStore, catalogs: CatalogSource, snapshots: FamilySnapshots, readModels: ReadModels) => new AttendanceSheets(store, catalogs, snapshots, readModels),
      inject: [EVENT_STORE, CatalogSource, FamilySnapshots, ReadModels],
    },
  ],
})
export class AttendanceModule {}
