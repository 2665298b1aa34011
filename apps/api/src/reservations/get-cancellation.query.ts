import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { cancellationView } from '@periscol/reservation-domain';
import type { Actor } from '../platform/auth/actor';
import { notFound } from '../platform/http/api-error';
import { FamilyReads } from '@periscol/application';
import { ownerOfCancellation, requireFamilyState } from '../families/family-lookup';
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
  constructor(private readonly reads: FamilyReads) {}

  async execute({ cancellationId, actor }: GetCancellationQuery): Promise<CancellationDto> {
    const familyId = await ownerOfCancellation(this.reads, actor, cancellationId);
    const view = cancellationView(await requireFamilyState(this.reads, familyId), cancellationId);
    if (!view) throw notFound('Cancellation not found');
    return toCancellationDto(familyId, view);
  }
}
