import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { cancellationView } from '@periscol/reservation-domain';
import type { Actor } from '../auth/actor';
import { notFound } from '../http/api-error';
import { FamilyReadService } from '../read-models/family-read.service';
import { ownerOfCancellation, requireFamilyState } from '../read-models/family-lookup';
import { CancellationDto, toCancellationDto } from './cancellation.dto';

export class GetCancellationQuery extends Query<CancellationDto> {
  constructor(
    readonly cancellationId: string,
    readonly actor: Actor,
  ) {
    super();
  }
}

@QueryHandler(GetCancellationQuery)
export class GetCancellationHandler implements IQueryHandler<GetCancellationQuery> {
  constructor(private readonly reads: FamilyReadService) {}

  async execute({ cancellationId, actor }: GetCancellationQuery): Promise<CancellationDto> {
    const familyId = await ownerOfCancellation(this.reads, actor, cancellationId);
    const view = cancellationView(await requireFamilyState(this.reads, familyId), cancellationId);
    if (!view) throw notFound('Cancellation not found');
    return toCancellationDto(familyId, view);
  }
}
