import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { orderView } from '@periscol/reservation-domain';
import type { OrderView } from '@periscol/reservation-domain';
import type { Actor } from '../auth/actor';
import { Clock, CLOCK } from '../clock/clock';
import { fromEither } from '../http/refusal';
import type { IdempotencyContext } from '../idempotency/idempotency-context';
import { FamilyReadService } from '../read-models/family-read.service';
import { ownerOfOrder } from '../read-models/family-lookup';
import { requestCommandContext } from '../write/command-context';
import { FamilyCommandRunner } from '../write/family-command.runner';
import { OrderDto, toOrderDto } from './order.dto';

export class AbandonOrderCommand extends Command<OrderDto> {
  constructor(
    readonly orderId: string,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** R6: the parent gives up a pending order: its slots are freed and its credit returned. */
@CommandHandler(AbandonOrderCommand)
export class AbandonOrderHandler implements ICommandHandler<AbandonOrderCommand> {
  constructor(
    private readonly runner: FamilyCommandRunner,
    private readonly reads: FamilyReadService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ orderId, actor, idempotency, requestId }: AbandonOrderCommand): Promise<OrderDto> {
    const familyId = await ownerOfOrder(this.reads, actor, orderId);
    const now = this.clock.now().toISOString();
    const { state } = fromEither(
      await this.runner.run(familyId, { type: 'AbandonOrder', data: { orderId }, metadata: { now } }, requestCommandContext(actor, idempotency, requestId)),
    );
    return toOrderDto(familyId, orderView(state, orderId, now) as OrderView);
  }
}
