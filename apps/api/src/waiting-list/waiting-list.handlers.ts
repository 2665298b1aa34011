import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { requestCommandContext, WaitingList } from '@periscol/application';
import type { Slot } from '@periscol/reservation-domain';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';

export interface WaitingListEntryDto {
  readonly childId: string;
  readonly activityId: string;
  readonly date: string;
  readonly rank: number;
}

export class JoinWaitingListCommand extends Command<WaitingListEntryDto> {
  constructor(
    readonly familyId: string,
    readonly slot: Slot,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

export class WithdrawFromWaitingListCommand extends Command<WaitingListEntryDto> {
  constructor(
    readonly familyId: string,
    readonly slot: Slot,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** R23: the rules are the places decider's (`decideJoinWaitingList`); this maps the answer. */
@CommandHandler(JoinWaitingListCommand)
export class JoinWaitingListHandler implements ICommandHandler<JoinWaitingListCommand> {
  constructor(
    private readonly waitingList: WaitingList,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, slot, actor, idempotency, requestId }: JoinWaitingListCommand): Promise<WaitingListEntryDto> {
    const { rank } = fromEither(await this.waitingList.join(familyId, slot, this.clock.now().toISOString(), requestCommandContext(actor, idempotency, requestId)));
    return { ...slot, rank };
  }
}

@CommandHandler(WithdrawFromWaitingListCommand)
export class WithdrawFromWaitingListHandler implements ICommandHandler<WithdrawFromWaitingListCommand> {
  constructor(
    private readonly waitingList: WaitingList,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, slot, actor, idempotency, requestId }: WithdrawFromWaitingListCommand): Promise<WaitingListEntryDto> {
    fromEither(await this.waitingList.withdraw(familyId, slot, this.clock.now().toISOString(), requestCommandContext(actor, idempotency, requestId)));
    return { ...slot, rank: 0 };
  }
}
