import { EventStore, handleCommand, StoredEvent, StreamDeletedError } from '@periscol/event-store';
import { createPersonDecider, PERSON_EVENT_SCHEMA_VERSIONS, personalDataErasedRefusal } from '@periscol/reservation-domain';
import type { PersonCommand, PersonEvent, PersonEventType, PersonState, Refusal } from '@periscol/reservation-domain';
import { Either, isLeft, left, right } from 'fp-ts/Either';
import { personEventOf } from '../events/event-decoding';
import { personStreamId } from '../streams/stream-names';
import type { ReadModels } from '../read-models/read-models';
import type { CommandContext } from './command-context';

const personDecider = createPersonDecider();

/**
 * The command loop over `person-<familyId>` (identity and QF, R17); waits for the read models like
 * the family runner. A person stream erased (R17) — before the command or between its decision and
 * its append — answers the domain's PERSONAL_DATA_ERASED refusal, never the store's error.
 */
export class PersonCommandRunner {
  constructor(
    private readonly store: EventStore,
    private readonly readModels: ReadModels,
  ) {}

  async run(familyId: string, command: PersonCommand, ctx: CommandContext): Promise<Either<Refusal, { state: PersonState; events: readonly StoredEvent[]; position: number }>> {
    let result;
    try {
      result = await handleCommand<PersonCommand, PersonState, PersonEvent, Refusal, PersonEvent>(this.store, personDecider, {
        streamId: personStreamId(familyId),
        command,
        idempotencyKey: ctx.idempotencyKey,
        metadata: { correlationId: ctx.correlationId, causationId: ctx.causationId, actor: ctx.actor },
        schemaVersionOf: (type) => PERSON_EVENT_SCHEMA_VERSIONS[type as PersonEventType],
        upcast: personEventOf,
      });
    } catch (error) {
      if (error instanceof StreamDeletedError) return left(personalDataErasedRefusal(familyId));
      throw error;
    }
    if (isLeft(result)) return result;
    const { state, events } = result.right;
    const position = events.length > 0 ? events[events.length - 1].position : await this.store.headPosition();
    await this.readModels.waitFor(position);
    return right({ state, events, position });
  }
}
