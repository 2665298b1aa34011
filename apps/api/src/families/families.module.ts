import { Module } from '@nestjs/common';
import { FamiliesController } from './families.controller';
import { FAMILY_QUERY_HANDLERS } from './family.queries';
import { RequestReservationHandler } from './request-reservation.handler';

@Module({ controllers: [FamiliesController], providers: [...FAMILY_QUERY_HANDLERS, RequestReservationHandler] })
export class FamiliesModule {}
