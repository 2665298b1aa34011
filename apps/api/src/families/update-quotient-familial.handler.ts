import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { StreamDeletedError } from '@periscol/event-store';
import type { QuotientFamilialUpdated } from '@periscol/reservation-domain';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { ApiError } from '../platform/http/api-error';
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

export function personalDataErased(familyId: string): ApiError {
  return new ApiError('PERSONAL_DATA_ERASED', `The personal data of family ${familyId} was erased (R17): nothing can be recorded about it any more`);
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
    const state = await this.reads.familyState(familyId);
    if (!state) throw new ApiError('FAMILY_NOT_REGISTERED', `Family ${familyId} is not registered`);
    if (state.erasedAt !== null) throw personalDataErased(familyId);
    const now = this.clock.now();
    const effectiveAt = body.effectiveAt === undefined ? now : new Date(body.effectiveAt);
    if (effectiveAt.getTime() > now.getTime()) {
      throw new ApiError('VALIDATION_FAILED', 'Invalid request body', [
        { location: 'body', path: ['effectiveAt'], code: 'custom', message: 'must not be in the future' },
      ]);
    }
    let result;
    try {
      result = await this.persons.run(
        familyId,
        { type: 'UpdateQuotientFamilial', data: { quotientFamilial: body.quotientFamilial }, metadata: { now: effectiveAt.toISOString() } },
        requestCommandContext(actor, idempotency, requestId),
      );
    } catch (error) {
      // Erased between the check above and the append: the store refuses the deleted stream.
      if (error instanceof StreamDeletedError) throw personalDataErased(familyId);
      throw error;
    }
    const { state: person, events } = fromEither(result);
    // A replay of this key finds its original event: answer what it recorded, not a later update.
    const recorded = events.find((event) => event.type === 'QuotientFamilialUpdated')?.data as QuotientFamilialUpdated['data'] | undefined;
    return recorded
      ? { familyId, quotientFamilial: recorded.quotientFamilial, effectiveAt: recorded.effectiveAt }
      : { familyId, quotientFamilial: person.quotientFamilial, effectiveAt: person.quotientFamilialEffectiveAt };
  }
}
