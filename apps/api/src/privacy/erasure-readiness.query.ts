import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { CatalogSource, FamilyReads } from '@periscol/application';
import { erasureBlockersAt } from '@periscol/reservation-domain';
import type { z } from 'zod';
import { Clock, CLOCK } from '../platform/clock/clock';
import { notFound } from '../platform/http/api-error';
import type { erasureReadinessSchema } from './privacy.routes';

export type ErasureReadinessDto = z.infer<typeof erasureReadinessSchema>;

export class GetErasureReadinessQuery extends Query<ErasureReadinessDto> {
  constructor(readonly familyId: string) {
    super();
  }
}

/**
 * R17's preconditions as the erasure would find them now (the domain's `erasureBlockersAt`, the
 * function the command decides with): what the back office shows before an administrator asks.
 */
@QueryHandler(GetErasureReadinessQuery)
export class GetErasureReadinessHandler implements IQueryHandler<GetErasureReadinessQuery> {
  constructor(
    private readonly reads: FamilyReads,
    private readonly catalogs: CatalogSource,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId }: GetErasureReadinessQuery): Promise<ErasureReadinessDto> {
    const state = await this.reads.familyState(familyId);
    if (state?.status !== 'registered') throw notFound('Family not found');
    if (state.erasedAt !== null) return { familyId, erasedAt: state.erasedAt, erasable: false, blockers: [] };
    const blockers = erasureBlockersAt(state, this.clock.now().toISOString(), this.catalogs.current().timezone);
    return { familyId, erasedAt: null, erasable: blockers.length === 0, blockers: blockers.map(({ code, message, details }) => ({ code, message, details: { ...(details as Record<string, unknown> | undefined) } })) };
  }
}
