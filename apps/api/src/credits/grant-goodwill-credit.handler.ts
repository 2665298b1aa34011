import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import type { CreditState } from '@periscol/reservation-domain';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { requestCommandContext } from '@periscol/application';
import { FamilyCommandRunner } from '@periscol/application';
import type { goodwillCreditSchema } from './credits.routes';

export type GoodwillCreditDto = z.infer<typeof goodwillCreditSchema>;

export class GrantGoodwillCreditCommand extends Command<GoodwillCreditDto> {
  constructor(
    readonly familyId: string,
    readonly amountCents: number,
    readonly reason: string,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** R15: a credit granted by an agent, with its reason. */
@CommandHandler(GrantGoodwillCreditCommand)
export class GrantGoodwillCreditHandler implements ICommandHandler<GrantGoodwillCreditCommand> {
  constructor(
    private readonly runner: FamilyCommandRunner,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, amountCents, reason, actor, idempotency, requestId }: GrantGoodwillCreditCommand): Promise<GoodwillCreditDto> {
    const creditId = idempotency.derivedId('credit');
    const { state } = fromEither(
      await this.runner.run(
        familyId,
        { type: 'GrantGoodwillCredit', data: { creditId, amountCents, reason }, metadata: { now: this.clock.now().toISOString() } },
        requestCommandContext(actor, idempotency, requestId),
      ),
    );
    const credit = state.credits.get(creditId) as CreditState;
    return { creditId, familyId, amountCents: credit.amountCents, reason: credit.reason ?? reason, issuedAt: credit.issuedAt, creditBalanceCents: state.balanceCents };
  }
}
