import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { FamilyReads } from '@periscol/application';
import { Clock, CLOCK } from '../platform/clock/clock';
import { requireFamilyState } from './family-lookup';
import { FamilyDto, toFamilyDto } from './family.dto';

export class GetFamilyQuery extends Query<FamilyDto> {
  constructor(readonly familyId: string) {
    super();
  }
}

@QueryHandler(GetFamilyQuery)
export class GetFamilyHandler implements IQueryHandler<GetFamilyQuery> {
  constructor(
    private readonly reads: FamilyReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId }: GetFamilyQuery): Promise<FamilyDto> {
    const state = await requireFamilyState(this.reads, familyId);
    return toFamilyDto(familyId, state, await this.reads.person(familyId), this.clock.now());
  }
}
