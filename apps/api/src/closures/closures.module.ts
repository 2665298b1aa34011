import { Module } from '@nestjs/common';
import { CloseServiceDayHandler } from './close-service-day.handler';
import { ClosuresController } from './closures.controller';

@Module({ controllers: [ClosuresController], providers: [CloseServiceDayHandler] })
export class ClosuresModule {}
