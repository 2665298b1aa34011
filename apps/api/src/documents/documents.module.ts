import { Module } from '@nestjs/common';
import { TicketsModule } from '../tickets/tickets.module';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

/** The PDF routes: order, cancellation, payment ticket, recap. */
@Module({
  imports: [TicketsModule],
  controllers: [DocumentsController],
  providers: [DocumentsService],
  exports: [DocumentsService],
})
export class DocumentsModule {}
