import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PersonCommandRunner, requestCommandContext } from '@periscol/application';
import { type SetChildMedicalProtocol } from '@periscol/reservation-domain';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Inject } from '@nestjs/common';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
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
    const { state } = fromEither(await this.persons.run(familyId, command, requestCommandContext(actor, idempotency, requestId)));
    return { familyId, childId, medicalProtocol: state.children.get(childId)?.medicalProtocol === true };
  }
}
