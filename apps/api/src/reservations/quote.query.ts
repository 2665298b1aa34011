import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { bookingPricingOf, quote } from '@periscol/reservation-domain';
import type { Slot } from '@periscol/reservation-domain';
import type { z } from 'zod';
import { CatalogSource } from '@periscol/application';
import { Clock, CLOCK } from '../platform/clock/clock';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { fromEither } from '../platform/http/refusal';
import { FamilyReads } from '@periscol/application';
import { requireFamilyState } from '../families/family-lookup';
import { quoteSchema } from './reservations.routes';

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
    private readonly reads: FamilyReads,
    private readonly catalogs: CatalogSource,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async execute({ familyId, reserve, cancel }: QuoteQuery): Promise<QuoteDto> {
    const [state, person, catalog] = await Promise.all([requireFamilyState(this.reads, familyId), this.reads.person(familyId), this.catalogs.refresh()]);
    const view = fromEither(quote(catalog, state, { reserve, cancel, pricing: bookingPricingOf(person), now: this.clock.now().toISOString() }, { maxAmountCents: this.config.maxAmountCents, maxBalanceCents: this.config.maxBalanceCents }));
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
