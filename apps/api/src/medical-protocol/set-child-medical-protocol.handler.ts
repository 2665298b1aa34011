import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PersonCommandRunner, requestCommandContext } from '@periscol/application';
import { StreamDeletedError } from '@periscol/event-store';
import { personalDataErasedRefusal, type SetChildMedicalProtocol } from '@periscol/reservation-domain';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Inject } from '@nestjs/common';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither, throwRefusal } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import type { childMedicalProtocolSchema } from './medical-protocol.routes';

export type ChildMedicalProtocolDto = z.infer<typeof childMedicalProtocolSchema>;

export class SetChildMedicalProtocolCommand extends Command<ChildMedicalProtocolDto> {
  constructor(
    readonly familyId: string,
    readonly childId: string,
    readonly medicalProtocol: boolean,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** R3 (PAI price), R17: the person decider records the flag; this maps HTTP to its command. */
@CommandHandler(SetChildMedicalProtocolCommand)
export class SetChildMedicalProtocolHandler implements ICommandHandler<SetChildMedicalProtocolCommand> {
  constructor(
    private readonly persons: PersonCommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, childId, medicalProtocol, actor, idempotency, requestId }: SetChildMedicalProtocolCommand): Promise<ChildMedicalProtocolDto> {
    const command: SetChildMedicalProtocol = { type: 'SetChildMedicalProtocol', data: { childId, medicalProtocol }, metadata: { now: this.clock.now().toISOString() } };
    let result;
    try {
      result = await this.persons.run(familyId, command, requestCommandContext(actor, idempotency, requestId));
    } catch (error) {
      // The person stream was erased (R17): the store refuses the deleted stream.
      if (error instanceof StreamDeletedError) throwRefusal(personalDataErasedRefusal(familyId));
      throw error;
    }
    const { state } = fromEither(result);
    return { familyId, childId, medicalProtocol: state.children.get(childId)?.medicalProtocol === true };
  }
}
