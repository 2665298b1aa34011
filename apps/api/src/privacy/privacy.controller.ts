import { Body, Controller, Param } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import { BodyOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { ErasePersonalDataCommand, PersonalDataErasureDto } from './erase-personal-data.handler';
import { ErasureReadinessDto, GetErasureReadinessQuery } from './erasure-readiness.query';
import { erasePersonalDataRoute, getErasureReadinessRoute } from './privacy.routes';

/** Erasure of a family's personal data at the end of retention (R17). */
@Controller()
export class PrivacyController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(getErasureReadinessRoute)
  erasureReadiness(@Param('familyId') familyId: string): Promise<ErasureReadinessDto> {
    return this.queries.execute(new GetErasureReadinessQuery(familyId));
  }

  @Route(erasePersonalDataRoute)
  erasePersonalData(
    @Param('familyId') familyId: string,
    @Body() body: BodyOf<typeof erasePersonalDataRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<PersonalDataErasureDto> {
    return this.commands.execute(new ErasePersonalDataCommand(familyId, body.reason, actor, idem, requestId));
  }
}
