import { Controller, Res } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { HttpResponse } from '../http/api-request';
import { Route } from '../routing/route.decorator';
import { GetHealthQuery } from './get-health.query';
import { getHealthRoute, HealthReport } from './health.schemas';

@Controller()
export class HealthController {
  constructor(private readonly queries: QueryBus) {}

  @Route(getHealthRoute)
  async health(@Res({ passthrough: true }) res: HttpResponse): Promise<HealthReport> {
    const report = await this.queries.execute(new GetHealthQuery());
    if (report.status !== 'ok') res.status(503);
    return report;
  }
}
