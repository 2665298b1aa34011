import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { cancellationView } from '@periscol/reservation-domain';
import type { CancellationView, FamilyState, Slot } from '@periscol/reservation-domain';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { requestCommandContext } from '@periscol/application';
import { FamilyCommandRunner } from '@periscol/application';
import { CancellationDto, toCancellationDto } from './cancellation.dto';

export class CancelReservationsCommand extends Command<CancellationDto> {
  constructor(
    readonly familyId: string,
    readonly slots: readonly Slot[],
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** R9 « Validation »: each slot credited at the price it was reserved at; the credit is the family's next reservation's. */
@CommandHandler(CancelReservationsCommand)
export class CancelReservationsHandler implements ICommandHandler<CancelReservationsCommand> {
  constructor(
    private readonly runner: FamilyCommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, slots, actor, idempotency, requestId }: CancelReservationsCommand): Promise<CancellationDto> {
    const cancellationId = idempotency.derivedId('cancellation');
    const creditId = idempotency.derivedId('credit');
    const answerOf = (state: FamilyState) => toCancellationDto(familyId, cancellationView(state, cancellationId) as CancellationView);
    // The answer is recorded with the cancellation's events: one durable write (R12).
    const { state, recorded } = fromEither(
      await this.runner.run(
        familyId,
        { type: 'CancelReservation', data: { cancellationId, creditId, slots }, metadata: { now: this.clock.now().toISOString() } },
        requestCommandContext(actor, idempotency, requestId),
        idempotency.answerRecord(answerOf),
      ),
    );
    if (recorded) idempotency.answerRecorded();
    return answerOf(state);
  }
}
