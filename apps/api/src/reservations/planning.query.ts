import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { planningView, bookingPricingOf } from '@periscol/reservation-domain';
import { CatalogSource, WaitingList } from '@periscol/application';
import { withPlaces } from '../waiting-list/planning-places';
import { localIsoWeek } from '@periscol/application';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import { FamilyReads } from '@periscol/application';
import { requireFamilyState } from '../families/family-lookup';
import { PlanningCache } from './planning.cache';
import { PlanningDto, toPlanningDto } from './planning.dto';

export class GetPlanningQuery extends Query<PlanningDto> {
  constructor(
    readonly familyId: string,
    readonly week: string | undefined,
  ) {
    super();
  }
}

/** From the family's snapshot (never the whole stream) and the catalog in memory; answers reused while still true. */
@QueryHandler(GetPlanningQuery)
export class GetPlanningHandler implements IQueryHandler<GetPlanningQuery> {
  private readonly cache = new PlanningCache();

  constructor(
    private readonly reads: FamilyReads,
    private readonly catalogs: CatalogSource,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly waitingList: WaitingList,
  ) {}

  async execute({ familyId, week }: GetPlanningQuery): Promise<PlanningDto> {
    const [state, person, catalog] = await Promise.all([requireFamilyState(this.reads, familyId), this.reads.person(familyId, { waitForStore: false }), this.catalogs.refresh()]);
    const now = this.clock.now();
    const nowMs = now.getTime();
    const isoWeek = week ?? localIsoWeek(now, catalog.timezone);
    const cached = this.cache.get(familyId, isoWeek, state, person, catalog, nowMs);
    if (cached) return withPlaces(cached, catalog, state, this.waitingList);
    const view = fromEither(planningView(catalog, state, isoWeek, now.toISOString(), bookingPricingOf(person)));
    const dto = toPlanningDto(familyId, view, person);
    this.cache.set(familyId, isoWeek, state, person, catalog, nowMs, view, dto);
    return withPlaces(dto, catalog, state, this.waitingList);
  }
}
