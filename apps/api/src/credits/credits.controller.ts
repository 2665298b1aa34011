import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import { BodyOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { getCreditsRoute, grantCreditRoute, refundCreditRoute } from './credits.routes';
import { CreditAccountDto, GetCreditsQuery } from './get-credits.query';
import { GoodwillCreditDto, GrantGoodwillCreditCommand } from './grant-goodwill-credit.handler';
import { RefundCreditCommand, RefundDto } from './refund-credit.handler';

/** The family's credit (avoir): its account, goodwill credits, refunds. */
@Controller()
export class CreditsController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(getCreditsRoute)
  credits(@Param('familyId') familyId: string): Promise<CreditAccountDto> {
    return this.queries.execute(new GetCreditsQuery(familyId));
  }

  @Route(grantCreditRoute)
  grant(
    @Param('familyId') familyId: string,
    @Body() body: BodyOf<typeof grantCreditRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<GoodwillCreditDto> {
    return this.commands.execute(new GrantGoodwillCreditCommand(familyId, body.amountCents, body.reason, actor, idem, requestId));
  }

  @Route(refundCreditRoute)
  refund(
    @Param('familyId') familyId: string,
    @Body() body: BodyOf<typeof refundCreditRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<RefundDto> {
    return this.commands.execute(new RefundCreditCommand(familyId, body.amountCents, body.reference, actor, idem, requestId));
  }
}
