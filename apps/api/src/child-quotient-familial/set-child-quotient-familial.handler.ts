import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { PersonCommandRunner, requestCommandContext } from '@periscol/application';
import { type SetChildQuotientFamilial } from '@periscol/reservation-domain';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import type { childQuotientFamilialSchema } from './child-quotient-familial.routes';

export type ChildQuotientFamilialDto = z.infer<typeof childQuotientFamilialSchema>;

export class SetChildQuotientFamilialCommand extends Command<ChildQuotientFamilialDto> {
  constructor(
    readonly familyId: string,
    readonly childId: string,
    readonly quotientFamilial: number | null,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** R3 (a fostered child's own QF): the person decider records it; this maps HTTP to its command. */
@CommandHandler(SetChildQuotientFamilialCommand)
export class SetChildQuotientFamilialHandler implements ICommandHandler<SetChildQuotientFamilialCommand> {
  constructor(
    private readonly persons: PersonCommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, childId, quotientFamilial, actor, idempotency, requestId }: SetChildQuotientFamilialCommand): Promise<ChildQuotientFamilialDto> {
    const command: SetChildQuotientFamilial = { type: 'SetChildQuotientFamilial', data: { childId, quotientFamilial }, metadata: { now: this.clock.now().toISOString() } };
    const { state } = fromEither(await this.persons.run(familyId, command, requestCommandContext(actor, idempotency, requestId)));
    return { familyId, childId, quotientFamilial: state.children.get(childId)?.quotientFamilial ?? null };
  }
}
