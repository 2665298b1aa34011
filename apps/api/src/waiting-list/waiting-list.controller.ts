import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import { BodyOf, ParamsOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { JoinWaitingListCommand, WithdrawFromWaitingListCommand, type WaitingListEntryDto } from './waiting-list.handlers';
import { joinWaitingListRoute, withdrawFromWaitingListRoute } from './waiting-list.routes';

/** R23: a family joins or leaves the waiting list of a full day; the auth guard answers 404 to a parent on another family. */
@Controller()
export class WaitingListController {
  constructor(private readonly commands: CommandBus) {}

  @Route(joinWaitingListRoute)
  join(
    @Param('familyId') familyId: string,
    @Body() body: BodyOf<typeof joinWaitingListRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<WaitingListEntryDto> {
    return this.commands.execute(new JoinWaitingListCommand(familyId, body, actor, idem, requestId));
  }

  @Route(withdrawFromWaitingListRoute)
  withdraw(
    @Param() params: ParamsOf<typeof withdrawFromWaitingListRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<WaitingListEntryDto> {
    const { familyId, childId, activityId, date } = params;
    return this.commands.execute(new WithdrawFromWaitingListCommand(familyId, { childId, activityId, date }, actor, idem, requestId));
  }
}
