import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Route } from '../platform/routing/route.decorator';
import type { CatalogDto } from './catalog.routes';
import { getCatalogRoute } from './catalog.routes';
import { GetCatalogQuery } from './get-catalog.query';

@Controller()
export class CatalogController {
  constructor(private readonly queries: QueryBus) {}

  @Route(getCatalogRoute)
  get(): Promise<CatalogDto> {
    return this.queries.execute(new GetCatalogQuery());
  }
}
