import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { creditAccountView, paymentsView, planningView, pricingOf, quote } from '@periscol/reservation-domain';
import type { Slot } from '@periscol/reservation-domain';
import type { z } from 'zod';
import { CatalogService } from '../catalog/catalog.provider';
import { localIsoWeek } from '../catalog/local-date';
import { Clock, CLOCK } from '../clock/clock';
import { fromEither } from '../http/refusal';
import { FamilyReadService } from '../read-models/family-read.service';
import { requireFamilyState } from '../read-models/family-lookup';
import { creditAccountSchema, paymentListSchema, quoteSchema } from './families.schemas';
import { FamilyDto, toFamilyDto } from './family.dto';
import { PlanningCache } from './planning.cache';
import { PlanningDto, toPlanningDto } from './planning.dto';

export class GetFamilyQuery extends Query<FamilyDto> {
  constructor(readonly familyId: string) {
    super();
  }
}

@QueryHandler(GetFamilyQuery)
export class GetFamilyHandler implements IQueryHandler<GetFamilyQuery> {
  constructor(private readonly reads: FamilyReadService) {}

  async execute({ familyId }: GetFamilyQuery): Promise<FamilyDto> {
    const state = await requireFamilyState(this.reads, familyId);
    return toFamilyDto(familyId, state, await this.reads.person(familyId));
  }
}

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
    private readonly reads: FamilyReadService,
    private readonly catalogs: CatalogService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, week }: GetPlanningQuery): Promise<PlanningDto> {
    const [state, person, catalog] = await Promise.all([requireFamilyState(this.reads, familyId), this.reads.person(familyId, { waitForStore: false }), this.catalogs.refresh()]);
    const now = this.clock.now();
    const nowMs = now.getTime();
    const isoWeek = week ?? localIsoWeek(now, catalog.timezone);
    const cached = this.cache.get(familyId, isoWeek, state, person, catalog, nowMs);
    if (cached) return cached;
    const view = planningView(catalog, state, isoWeek, now.toISOString(), pricingOf(person));
    const dto = toPlanningDto(familyId, view, person);
    this.cache.set(familyId, isoWeek, state, person, catalog, nowMs, view, dto);
    return dto;
  }
}

export type QuoteDto = z.infer<typeof quoteSchema>;

export class QuoteQuery extends Query<QuoteDto> {
  constructor(
    readonly familyId: string,
    readonly reserve: readonly Slot[],
    readonly cancel: readonly Slot[],
  ) {
    super();
  }
}

/** The domain's own decisions on a copy of the state: the same refusals as submitting, nothing appended. */
@QueryHandler(QuoteQuery)
export class QuoteHandler implements IQueryHandler<QuoteQuery> {
  constructor(
    private readonly reads: FamilyReadService,
    private readonly catalogs: CatalogService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, reserve, cancel }: QuoteQuery): Promise<QuoteDto> {
    const [state, person, catalog] = await Promise.all([requireFamilyState(this.reads, familyId), this.reads.person(familyId), this.catalogs.refresh()]);
    const view = fromEither(quote(catalog, state, { reserve, cancel, pricing: pricingOf(person), now: this.clock.now().toISOString() }));
    return {
      reservation: {
        lines: view.reservation.lines.map(({ childId, activityId, date, unitPriceCents }) => ({ childId, activityId, date, unitPriceCents })),
        totalCents: view.reservation.totalCents,
        creditAppliedCents: view.reservation.creditAppliedCents,
        amountDueCents: view.reservation.amountDueCents,
      },
      cancellation: {
        lines: view.cancellation.lines.map(({ childId, activityId, date, creditCents }) => ({ childId, activityId, date, creditCents })),
        totalCents: view.cancellation.totalCents,
      },
    };
  }
}

export type CreditAccountDto = z.infer<typeof creditAccountSchema>;

export class GetCreditsQuery extends Query<CreditAccountDto> {
  constructor(readonly familyId: string) {
    super();
  }
}

@QueryHandler(GetCreditsQuery)
export class GetCreditsHandler implements IQueryHandler<GetCreditsQuery> {
  constructor(private readonly reads: FamilyReadService) {}

  async execute({ familyId }: GetCreditsQuery): Promise<CreditAccountDto> {
    const view = creditAccountView(await requireFamilyState(this.reads, familyId));
    return {
      balanceCents: view.balanceCents,
      heldCents: view.heldCents,
      movements: view.movements.map(({ at, kind, amountCents, sourceId, balanceAfterCents }) => ({ at, kind, amountCents, sourceId, balanceAfterCents })),
    };
  }
}

export type PaymentListDto = z.infer<typeof paymentListSchema>;

export class ListPaymentsQuery extends Query<PaymentListDto> {
  constructor(readonly familyId: string) {
    super();
  }
}

@QueryHandler(ListPaymentsQuery)
export class ListPaymentsHandler implements IQueryHandler<ListPaymentsQuery> {
  constructor(private readonly reads: FamilyReadService) {}

  async execute({ familyId }: ListPaymentsQuery): Promise<PaymentListDto> {
    return paymentsView(await requireFamilyState(this.reads, familyId)).map(({ paymentId, orderId, amountCents, paidAt, ticketNumber, provider, outcome }) => ({
      paymentId,
      orderId,
      amountCents,
      paidAt,
      ticketNumber,
      provider,
      outcome,
    }));
  }
}

export const FAMILY_QUERY_HANDLERS = [GetFamilyHandler, GetPlanningHandler, QuoteHandler, GetCreditsHandler, ListPaymentsHandler];
