import { Module } from '@nestjs/common';
import { CancelReservationsHandler } from './cancel-reservations.handler';
import { GetCancellationHandler } from './get-cancellation.query';
import { GetPlanningHandler } from './planning.query';
import { QuoteHandler } from './quote.query';
import { RequestReservationHandler } from './request-reservation.handler';
import { ReservationsController } from './reservations.controller';

@Module({
  controllers: [ReservationsController],
  providers: [GetPlanningHandler, QuoteHandler, RequestReservationHandler, CancelReservationsHandler, GetCancellationHandler],
})
export class ReservationsModule {}
