import { Module } from '@nestjs/common';
import type { EventStore } from '@periscol/event-store';
import { DocumentLayouts } from '@periscol/application';
import { EVENT_STORE } from '../platform/store/event-store.token';
import { TicketsModule } from '../tickets/tickets.module';
import { DocumentsController } from './documents.controller';
import { DocumentsService } from './documents.service';

/** The PDF routes: order, cancellation, payment ticket, recap. */
@Module({
  imports: [TicketsModule],
  controllers: [DocumentsController],
  providers: [DocumentsService, { provide: DocumentLayouts, useFactory: (store: EventStore) => new DocumentLayouts(store), inject: [EVENT_STORE] }],
  exports: [DocumentsService],
})
export class DocumentsModule {}
