import { Controller, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { AuditEventsDto, ListAuditEventsQuery, VerifyStoreQuery } from './audit.queries';
import { listAuditEventsRoute, rebuildRoute, verifyRoute } from './audit.routes';
import { RebuildReadModelsCommand, RebuildResultDto } from './rebuild-read-models.handler';
import type { AuditReport } from '@periscol/audit';

/** The auditors' routes (the history, the verification) and the read models' rebuild. */
@Controller()
export class AuditController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(listAuditEventsRoute)
  events(@Query() query: QueryOf<typeof listAuditEventsRoute>): Promise<AuditEventsDto> {
    return this.queries.execute(new ListAuditEventsQuery(query.after, query.limit));
  }

  @Route(verifyRoute)
  verify(): Promise<AuditReport> {
    return this.queries.execute(new VerifyStoreQuery());
  }

  @Route(rebuildRoute)
  rebuild(): Promise<RebuildResultDto> {
    return this.commands.execute(new RebuildReadModelsCommand());
  }
}
