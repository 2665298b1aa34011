import { Module } from '@nestjs/common';
import { AttendanceController } from './attendance.controller';
import { GetAttendanceHandler } from './attendance.query';

@Module({ controllers: [AttendanceController], providers: [GetAttendanceHandler] })
export class AttendanceModule {}
