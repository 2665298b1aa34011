import { Inject } from '@nestjs/common';
import { IQueryHandler, Query, QueryHandler } from '@nestjs/cqrs';
import { FamilyReads, ReadModels, ServiceDayClosurePreviews } from '@periscol/application';
import type { z } from 'zod';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { closurePreviewSchema } from './closures.routes';

export type ClosurePreviewDto = z.infer<typeof closurePreviewSchema>;

/** Stands in for the reason a preview was not given (the closures' decider asks for one). */
const PREVIEW_REASON = 'aperçu';

export class PreviewClosureQuery extends Query<ClosurePreviewDto> {
  constructor(
    readonly activityId: string,
    readonly date: string,
    readonly reason: string | undefined,
    readonly school: string | undefined,
  ) {
    super();
  }
}

/** R14 before it happens (`ServiceDayClosurePreviews`), with the names the agent reads. */
@QueryHandler(PreviewClosureQuery)
export class PreviewClosureHandler implements IQueryHandler<PreviewClosureQuery> {
  constructor(
    private readonly previews: ServiceDayClosurePreviews,
    private readonly reads: FamilyReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ activityId, date, reason, school }: PreviewClosureQuery): Promise<ClosurePreviewDto> {
    const closure = { activityId, date, reason: reason ?? PREVIEW_REASON, ...(school === undefined ? {} : { school }) };
    const preview = fromEither(await this.previews.preview(closure, this.clock.now().toISOString()));
    const families = [];
    for (const family of preview.families) {
      const person = await this.reads.person(family.familyId, { waitForStore: false });
      families.push({
        familyId: family.familyId,
        name: person?.name ?? null,
        cancelledSlots: family.cancelledSlots,
        creditedCents: family.creditedCents,
        expiredOrders: family.expiredOrders,
        children: family.lines.map(({ childId, creditCents }) => {
          const child = person?.children.get(childId);
          return { childId, firstName: child?.firstName ?? null, lastName: child?.lastName ?? null, school: child?.school ?? null, creditCents };
        }),
      });
    }
    const { alreadyClosed, cancelledSlots, creditedCents, expiredOrders } = preview;
    return { activityId, date, ...(school === undefined ? {} : { school }), alreadyClosed, cancelledSlots, creditedCents, expiredOrders, families };
  }
}

export class ListSchoolsQuery extends Query<{ schools: string[] }> {}

/** The schools named by the children's records (persons read model), for the closures screen (R14). */
@QueryHandler(ListSchoolsQuery)
export class ListSchoolsHandler implements IQueryHandler<ListSchoolsQuery> {
  constructor(private readonly readModels: ReadModels) {}

  async execute(): Promise<{ schools: string[] }> {
    await this.readModels.catchUp();
    return { schools: this.readModels.persons.schools() };
  }
}
