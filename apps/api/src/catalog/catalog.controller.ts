import { Controller } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import { Route } from '../routing/route.decorator';
import type { CatalogDto } from './catalog.schemas';
import { getCatalogRoute } from './catalog.schemas';
import { GetCatalogQuery } from './get-catalog.query';

@Controller()
export class CatalogController {
  constructor(private readonly queries: QueryBus) {}

  @Route(getCatalogRoute)
  get(): Promise<CatalogDto> {
    return this.queries.execute(new GetCatalogQuery());
  }
}
