import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventStore } from '@periscol/event-store';
import type { PersonalDataErased } from '@periscol/reservation-domain';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { familyStreamId, personStreamId } from '@periscol/application';
import { EVENT_STORE } from '../platform/store/event-store.token';
import { requestCommandContext } from '@periscol/application';
import { FamilyCommandRunner } from '@periscol/application';
import { PersonalDataCopies } from './personal-data-copies';
import type { personalDataErasureSchema } from './privacy.routes';

export type PersonalDataErasureDto = z.infer<typeof personalDataErasureSchema>;

/** One erasure per family whoever asks: its event id derives from this key, so a retry appends nothing. */
export const ERASURE_COMMAND_KEY = 'r17:personal-data-erased';

export class ErasePersonalDataCommand extends Command<PersonalDataErasureDto> {
  constructor(
    readonly familyId: string,
    readonly reason: string,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/**
 * R17's one deletion: first `PersonalDataErased` in the family stream, decided by the family
 * decider on the state it is appended to (a family not registered, or not settled yet — orders
 * pending, credit left, days to come — is refused there, so no reservation or credit slips in
 * between), then `deleteStream` of `person-<familyId>`, then the copies (ticket e-mails, WAL
 * frames: PersonalDataCopies). Recorded first: a crash in between leaves the erasure on record
 * and the retry (a no-op for the family stream) completes the deletion; the persons read model
 * drops the row on the event. The family stream itself never held personal data and stays whole.
 */
@CommandHandler(ErasePersonalDataCommand)
export class ErasePersonalDataHandler implements ICommandHandler<ErasePersonalDataCommand> {
  constructor(
    private readonly runner: FamilyCommandRunner,
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly copies: PersonalDataCopies,
  ) {}

  async execute({ familyId, reason, actor, idempotency, requestId }: ErasePersonalDataCommand): Promise<PersonalDataErasureDto> {
    const { events, state } = fromEither(
      await this.runner.run(
        familyId,
        { type: 'RecordPersonalDataErased', data: { reason }, metadata: { now: this.clock.now().toISOString() } },
        { ...requestCommandContext(actor, idempotency, requestId), idempotencyKey: ERASURE_COMMAND_KEY },
      ),
    );
    await this.store.deleteStream(personStreamId(familyId));
    await this.copies.erase(state);
    const erasure = events.find((event) => event.type === 'PersonalDataErased') ?? (await this.recordedErasure(familyId));
    const data = erasure.data as PersonalDataErased['data'];
    return { familyId, erasedAt: data.erasedAt, reason: data.reason, personStreamDeleted: true };
  }

  /** The family's erasure event, when an earlier request recorded it. */
  private async recordedErasure(familyId: string) {
    const { events } = await this.store.readStream(familyStreamId(familyId));
    const found = events.find((event) => event.type === 'PersonalDataErased');
    if (!found) throw new Error(`Family ${familyId}: erasure decided but not found in its stream`);
    return found;
  }
}
