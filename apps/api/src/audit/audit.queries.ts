import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@periscol/event-store';
import type { z } from 'zod';
import { ReadModels } from '../read-models/read-models.service';
import { EVENT_STORE } from '../store/event-store.token';
import type { auditEventsSchema } from './audit.schemas';
import { AuditReport, verifyPeriscolStore } from './store-verification';

export type AuditEventsDto = z.infer<typeof auditEventsSchema>;

export class ListAuditEventsQuery extends Query<AuditEventsDto> {
  constructor(
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}

/** The audit log (§5): the store's global order itself, nothing derived. */
@QueryHandler(ListAuditEventsQuery)
export class ListAuditEventsHandler implements IQueryHandler<ListAuditEventsQuery> {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  async execute({ after, limit }: ListAuditEventsQuery): Promise<AuditEventsDto> {
    // One more than asked tells whether there is a next page.
    const page = await this.store.readAll({ after, limit: limit + 1 });
    const events = page.slice(0, limit).map((event) => ({
      position: event.position,
      streamId: event.streamId,
      revision: event.revision,
      type: event.type,
      schemaVersion: event.metadata.schemaVersion,
      data: event.data,
      metadata: { ...event.metadata },
    }));
    return page.length > limit ? { events, next: events[events.length - 1].position } : { events };
  }
}

export class VerifyStoreQuery extends Query<AuditReport> {}

@QueryHandler(VerifyStoreQuery)
export class VerifyStoreHandler implements IQueryHandler<VerifyStoreQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {}

  async execute(): Promise<AuditReport> {
    await this.readModels.catchUp();
    return verifyPeriscolStore(this.store, {
      db: this.readModels.db,
      projections: this.readModels.projections,
      positions: () => new Map(this.readModels.status().map((status) => [status.name, status.position])),
    });
  }
}
