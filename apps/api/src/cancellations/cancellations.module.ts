import { Module } from '@nestjs/common';
import { CancelReservationsHandler } from './cancel-reservations.handler';
import { CancellationsController } from './cancellations.controller';
import { GetCancellationHandler } from './get-cancellation.query';

@Module({ controllers: [CancellationsController], providers: [GetCancellationHandler, CancelReservationsHandler] })
export class CancellationsModule {}
