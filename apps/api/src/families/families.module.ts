import { Module } from '@nestjs/common';
import { FamiliesController } from './families.controller';
import { GetFamilyHistoryHandler } from './family-history.query';
import { FAMILY_QUERY_HANDLERS } from './family.queries';
import { RequestReservationHandler } from './request-reservation.handler';

@Module({ controllers: [FamiliesController], providers: [...FAMILY_QUERY_HANDLERS, GetFamilyHistoryHandler, RequestReservationHandler] })
export class FamiliesModule {}
