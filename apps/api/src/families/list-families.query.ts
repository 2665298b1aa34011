import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { FamilyReads } from '@periscol/application';
import { Clock, CLOCK } from '../platform/clock/clock';
import { FamilyDto, toFamilyDto } from './family.dto';

export class ListFamiliesQuery extends Query<FamilyDto[]> {}

@QueryHandler(ListFamiliesQuery)
export class ListFamiliesHandler implements IQueryHandler<ListFamiliesQuery> {
  constructor(
    private readonly reads: FamilyReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute(): Promise<FamilyDto[]> {
    const families: FamilyDto[] = [];
    for (const familyId of await this.reads.familyIds()) {
      const state = await this.reads.familyState(familyId);
      if (state) families.push(toFamilyDto(familyId, state, await this.reads.person(familyId), this.clock.now()));
    }
    return families;
  }
}
