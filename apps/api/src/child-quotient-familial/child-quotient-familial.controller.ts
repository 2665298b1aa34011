import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import { BodyOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { setChildQuotientFamilialRoute } from './child-quotient-familial.routes';
import { ChildQuotientFamilialDto, SetChildQuotientFamilialCommand } from './set-child-quotient-familial.handler';

/** A child's own quotient familial (a fostered child), which prices it instead of the family's (R3). */
@Controller()
export class ChildQuotientFamilialController {
  constructor(private readonly commands: CommandBus) {}

  @Route(setChildQuotientFamilialRoute)
  set(
    @Param('familyId') familyId: string,
    @Param('childId') childId: string,
    @Body() body: BodyOf<typeof setChildQuotientFamilialRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<ChildQuotientFamilialDto> {
    return this.commands.execute(new SetChildQuotientFamilialCommand(familyId, childId, body.quotientFamilial, actor, idem, requestId));
  }
}
