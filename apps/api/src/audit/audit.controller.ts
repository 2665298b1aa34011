import { Controller, Query } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { QueryOf } from '../routing/route-definition';
import { Route } from '../routing/route.decorator';
import { AuditEventsDto, ListAuditEventsQuery, VerifyStoreQuery } from './audit.queries';
import { listAuditEventsRoute, verifyRoute } from './audit.schemas';
import type { AuditReport } from './store-verification';

@Controller()
export class AuditController {
  constructor(private readonly queries: QueryBus) {}

  @Route(listAuditEventsRoute)
  events(@Query() query: QueryOf<typeof listAuditEventsRoute>): Promise<AuditEventsDto> {
    return this.queries.execute(new ListAuditEventsQuery(query.after, query.limit));
  }

  @Route(verifyRoute)
  verify(): Promise<AuditReport> {
    return this.queries.execute(new VerifyStoreQuery());
  }
}
