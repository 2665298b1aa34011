import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import type Database from 'better-sqlite3';
import { FamilyDto, toFamilyDto } from '../families/family.dto';
import { FamilyReadService } from '../read-models/family-read.service';
import { ReadModels } from '../read-models/read-models.service';

export class ListFamiliesQuery extends Query<FamilyDto[]> {}

@QueryHandler(ListFamiliesQuery)
export class ListFamiliesHandler implements IQueryHandler<ListFamiliesQuery> {
  private readonly familyIds: Database.Statement<[], { familyId: string }>;

  constructor(
    private readonly readModels: ReadModels,
    private readonly reads: FamilyReadService,
  ) {
    this.familyIds = readModels.db.prepare('SELECT family_id AS familyId FROM families ORDER BY family_id');
  }

  async execute(): Promise<FamilyDto[]> {
    await this.readModels.catchUp();
    const families: FamilyDto[] = [];
    for (const { familyId } of this.familyIds.all()) {
      const state = await this.reads.familyState(familyId);
      if (state) families.push(toFamilyDto(familyId, state, await this.reads.person(familyId)));
    }
    return families;
  }
}
