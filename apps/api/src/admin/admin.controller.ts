import { Body, Controller, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import type { FamilyDto } from '../families/family.dto';
import { RequestId } from '../http/request-id.decorator';
import type { IdempotencyContext } from '../idempotency/idempotency-context';
import { IdempotencyCtx } from '../idempotency/idempotency.decorators';
import { BodyOf, QueryOf } from '../routing/route-definition';
import { Route } from '../routing/route.decorator';
import {
  attendanceRoute,
  closeServiceDayRoute,
  erasePersonalDataRoute,
  grantCreditRoute,
  listFamiliesRoute,
  rebuildRoute,
  refundCreditRoute,
  registerFamilyRoute,
  updateQuotientFamilialRoute,
} from './admin.schemas';
import { AttendanceDto, GetAttendanceQuery } from './attendance.query';
import { ClosureResultDto, CloseServiceDayCommand } from './close-service-day.handler';
import { ErasePersonalDataCommand, PersonalDataErasureDto } from './erase-personal-data.handler';
import { GoodwillCreditDto, GrantGoodwillCreditCommand } from './grant-goodwill-credit.handler';
import { ListFamiliesQuery } from './list-families.query';
import { RebuildReadModelsCommand, RebuildResultDto } from './rebuild-read-models.handler';
import { RefundCreditCommand, RefundDto } from './refund-credit.handler';
import { RegisterFamilyCommand } from './register-family.handler';
import { QuotientFamilialDto, UpdateQuotientFamilialCommand } from './update-quotient-familial.handler';

@Controller()
export class AdminController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(registerFamilyRoute)
  register(@Body() body: BodyOf<typeof registerFamilyRoute>, @CurrentActor() actor: Actor, @IdempotencyCtx() idem: IdempotencyContext, @RequestId() requestId?: string): Promise<FamilyDto> {
    return this.commands.execute(new RegisterFamilyCommand(body, actor, idem, requestId));
  }

  @Route(listFamiliesRoute)
  list(): Promise<FamilyDto[]> {
    return this.queries.execute(new ListFamiliesQuery());
  }

  @Route(closeServiceDayRoute)
  close(@Body() body: BodyOf<typeof closeServiceDayRoute>, @CurrentActor() actor: Actor, @IdempotencyCtx() idem: IdempotencyContext, @RequestId() requestId?: string): Promise<ClosureResultDto> {
    return this.commands.execute(new CloseServiceDayCommand(body.activityId, body.date, body.reason, actor, idem, requestId));
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

  @Route(updateQuotientFamilialRoute)
  updateQuotientFamilial(
    @Param('familyId') familyId: string,
    @Body() body: BodyOf<typeof updateQuotientFamilialRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<QuotientFamilialDto> {
    return this.commands.execute(new UpdateQuotientFamilialCommand(familyId, body, actor, idem, requestId));
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

  @Route(attendanceRoute)
  attendance(@Query() query: QueryOf<typeof attendanceRoute>): Promise<AttendanceDto> {
    return this.queries.execute(new GetAttendanceQuery(query.date, query.activityId));
  }

  @Route(rebuildRoute)
  rebuild(): Promise<RebuildResultDto> {
    return this.commands.execute(new RebuildReadModelsCommand());
  }
}
