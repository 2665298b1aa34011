import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CatalogSource, readRegieBooks, refundRequestList, type RefundRequestLine, type RefundRequestStatus } from '@periscol/application';
import type { EventStore } from '@periscol/event-store';
import { EVENT_STORE } from '../platform/store/event-store.token';

export class ListRefundRequestsQuery extends Query<{ requests: RefundRequestLine[] }> {
  constructor(readonly status?: RefundRequestStatus) {
    super();
  }
}

/** R19: every family's refund requests, read from the régie's books as the état des avoirs is. */
@QueryHandler(ListRefundRequestsQuery)
export class ListRefundRequestsHandler implements IQueryHandler<ListRefundRequestsQuery> {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    private readonly catalogs: CatalogSource,
  ) {}

  async execute({ status }: ListRefundRequestsQuery): Promise<{ requests: RefundRequestLine[] }> {
    const books = await readRegieBooks(this.store, this.catalogs.base.timezone);
    return { requests: refundRequestList(books, status) };
  }
}
