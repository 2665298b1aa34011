import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus } from '@nestjs/cqrs';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import { BodyOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { setChildMedicalProtocolRoute } from './medical-protocol.routes';
import { ChildMedicalProtocolDto, SetChildMedicalProtocolCommand } from './set-child-medical-protocol.handler';

/** A child's medical protocol (PAI), which sets its packed-lunch price (R3). */
@Controller()
export class MedicalProtocolController {
  constructor(private readonly commands: CommandBus) {}

  @Route(setChildMedicalProtocolRoute)
  set(
    @Param('familyId') familyId: string,
    @Param('childId') childId: string,
    @Body() body: BodyOf<typeof setChildMedicalProtocolRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<ChildMedicalProtocolDto> {
    return this.commands.execute(new SetChildMedicalProtocolCommand(familyId, childId, body.medicalProtocol, actor, idem, requestId));
  }
}
