import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { creditAccountView } from '@periscol/reservation-domain';
import type { z } from 'zod';
import { FamilyReads } from '@periscol/application';
import { requireFamilyState } from '../families/family-lookup';
import { Clock, CLOCK } from '../platform/clock/clock';
import { creditAccountSchema } from './credits.routes';

export type CreditAccountDto = z.infer<typeof creditAccountSchema>;

export class GetCreditsQuery extends Query<CreditAccountDto> {
  constructor(readonly familyId: string) {
    super();
  }
}

@QueryHandler(GetCreditsQuery)
export class GetCreditsHandler implements IQueryHandler<GetCreditsQuery> {
  constructor(
    private readonly reads: FamilyReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId }: GetCreditsQuery): Promise<CreditAccountDto> {
    const view = creditAccountView(await requireFamilyState(this.reads, familyId), this.clock.now().toISOString());
    // A movement that issued a credit names it by its source (the goodwill credit by its own id).
    const issued = new Map(view.credits.map((credit) => [`${credit.source}|${credit.source === 'goodwill' ? credit.creditId : credit.sourceId}`, credit]));
    return {
      balanceCents: view.balanceCents,
      heldCents: view.heldCents,
      movements: view.movements.map(({ at, kind, amountCents, sourceId, balanceAfterCents }) => {
        const credit = issued.get(`${kind}|${sourceId}`);
        return {
          at,
          kind,
          amountCents,
          sourceId,
          balanceAfterCents,
          ...(credit ? { creditId: credit.creditId } : {}),
          ...(credit?.creditNoteNumber ? { creditNoteNumber: credit.creditNoteNumber } : {}),
        };
      }),
    };
  }
}
