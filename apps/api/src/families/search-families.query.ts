import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { ReadModels } from '@periscol/application';
import type { z } from 'zod';
import type { familySearchSchema } from './families.routes';

export type FamilySearchDto = z.infer<typeof familySearchSchema>;

export class SearchFamiliesQuery extends Query<FamilySearchDto> {
  constructor(
    readonly query: string,
    readonly limit: number,
  ) {
    super();
  }
}

/** The agents' search, answered from the family-search read model once it reflects every write. */
@QueryHandler(SearchFamiliesQuery)
export class SearchFamiliesHandler implements IQueryHandler<SearchFamiliesQuery> {
  constructor(private readonly readModels: ReadModels) {}

  async execute({ query, limit }: SearchFamiliesQuery): Promise<FamilySearchDto> {
    await this.readModels.catchUp();
    const { total, families } = this.readModels.familySearch.search(query, limit);
    return { query, total, families: families.map((family) => ({ ...family, children: [...family.children] })) };
  }
}
