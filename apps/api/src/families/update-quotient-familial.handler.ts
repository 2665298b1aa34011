import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { decideQuotientFamilialUpdate, initialFamilyState, type QuotientFamilialUpdated } from '@periscol/reservation-domain';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { FamilyReads } from '@periscol/application';
import { requestCommandContext } from '@periscol/application';
import { PersonCommandRunner } from '@periscol/application';
import type { quotientFamilialSchema, updateQuotientFamilialRoute } from './families.routes';

export type QuotientFamilialDto = z.infer<typeof quotientFamilialSchema>;
type Body = z.output<NonNullable<(typeof updateQuotientFamilialRoute)['body']>>;

export class UpdateQuotientFamilialCommand extends Command<QuotientFamilialDto> {
  constructor(
    readonly familyId: string,
    readonly body: Body,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/**
 * R3: the person stream's QF, read at request time by every later reservation; orders already
 * requested keep the prices frozen in their events. The event's `effectiveAt` is the command's
 * time: now, or the attestation's date when the agent gives one (never in the future: the
 * person stream keeps one current QF, not a schedule).
 */
@CommandHandler(UpdateQuotientFamilialCommand)
export class UpdateQuotientFamilialHandler implements ICommandHandler<UpdateQuotientFamilialCommand> {
  constructor(
    private readonly persons: PersonCommandRunner,
    private readonly reads: FamilyReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, body, actor, idempotency, requestId }: UpdateQuotientFamilialCommand): Promise<QuotientFamilialDto> {
    const family = (await this.reads.familyState(familyId)) ?? initialFamilyState();
    const update = { quotientFamilial: body.quotientFamilial, effectiveAt: body.effectiveAt === undefined ? undefined : new Date(body.effectiveAt).toISOString() };
    const command = fromEither(decideQuotientFamilialUpdate(family, familyId, update, this.clock.now().toISOString()));
    // Erased between the decision above and the append: the runner answers PERSONAL_DATA_ERASED.
    const result = await this.persons.run(familyId, command, requestCommandContext(actor, idempotency, requestId));
    const { state: person, events } = fromEither(result);
    // A replay of this key finds its original event: answer what it recorded, not a later update.
    const recorded = events.find((event) => event.type === 'QuotientFamilialUpdated')?.data as QuotientFamilialUpdated['data'] | undefined;
    return recorded
      ? { familyId, quotientFamilial: recorded.quotientFamilial, effectiveAt: recorded.effectiveAt }
      : { familyId, quotientFamilial: person.quotientFamilial, effectiveAt: person.quotientFamilialEffectiveAt };
  }
}
