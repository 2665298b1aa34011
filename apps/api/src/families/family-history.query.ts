import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type { EventStore } from '@periscol/event-store';
import type { z } from 'zod';
import { CatalogSource } from '@periscol/application';
import { familyStreamId } from '@periscol/application';
import { FamilyReads } from '@periscol/application';
import { requireFamilyState } from './family-lookup';
import { EVENT_STORE } from '../platform/store/event-store.token';
import type { familyHistorySchema } from './families.routes';
import { historyEntryOf } from './family-history';

export type FamilyHistoryDto = z.infer<typeof familyHistorySchema>;

export class GetFamilyHistoryQuery extends Query<FamilyHistoryDto> {
  constructor(
    readonly familyId: string,
    /** Revision of the last entry already seen (the previous page's `next`); undefined: from the start. */
    readonly after: number | undefined,
    readonly limit: number,
  ) {
    super();
  }
}

/**
 * « Historique » straight from `family-<familyId>` (oldest first, paged by stream revision):
 * the store is the record, so the answer is never stale and holds no personal data (R17).
 */
@QueryHandler(GetFamilyHistoryQuery)
export class GetFamilyHistoryHandler implements IQueryHandler<GetFamilyHistoryQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly reads: FamilyReads,
    private readonly catalogs: CatalogSource,
  ) {}

  async execute({ familyId, after, limit }: GetFamilyHistoryQuery): Promise<FamilyHistoryDto> {
    const state = await requireFamilyState(this.reads, familyId);
    // One more than asked tells whether there is a next page.
    const { events } = await this.store.readStream(familyStreamId(familyId), { fromRevision: after === undefined ? 0 : after + 1, maxCount: limit + 1 });
    const context = { catalog: this.catalogs.current(), state };
    const entries = events.slice(0, limit).map((event) => historyEntryOf(event, context));
    return events.length > limit ? { familyId, entries, next: entries[entries.length - 1].revision } : { familyId, entries };
  }
}
