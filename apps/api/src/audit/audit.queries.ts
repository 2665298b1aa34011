import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import * as path from 'node:path';
import { CatalogSource, readDatabaseFile, ReadModels } from '@periscol/application';
import { operationsDatabaseFile, sqliteRowLocator, verifyPeriscol, type AuditReport } from '@periscol/audit';
import { SQLITE_EVENTS_FILE, type EventStore } from '@periscol/event-store';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import type { z } from 'zod';
import { EVENT_STORE } from '../platform/store/event-store.token';
import type { auditEventsSchema } from './audit.routes';

export type AuditEventsDto = z.infer<typeof auditEventsSchema>;

export class ListAuditEventsQuery extends Query<AuditEventsDto> {
  constructor(
    readonly after: number,
    readonly limit: number,
  ) {
    super();
  }
}

/** The audit log (docs/rules.md §5): the store's global order itself, nothing derived. */
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

/** The auditors' `verify` (the same function and checks as `periscol-audit verify`) over this process's store, read database and operations database. */
@QueryHandler(VerifyStoreQuery)
export class VerifyStoreHandler implements IQueryHandler<VerifyStoreQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly catalogs: CatalogSource,
    private readonly readModels: ReadModels,
  ) {}

  async execute(): Promise<AuditReport> {
    await this.readModels.catchUp();
    return verifyPeriscol(this.store, {
      catalog: await this.catalogs.refresh(),
      readDatabaseFiles: [readDatabaseFile(this.config)],
      operationsDatabaseFile: operationsDatabaseFile(this.config.dataDir),
      ...(this.store.kind === 'sqlite' ? { locateUnreadable: sqliteRowLocator(path.join(this.config.dataDir, SQLITE_EVENTS_FILE)) } : {}),
    });
  }
}
