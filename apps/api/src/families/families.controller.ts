import { Body, Controller, Param, Query } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import { BodyOf, QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { FamilyHistoryDto, GetFamilyHistoryQuery } from './family-history.query';
import type { FamilyDto } from './family.dto';
import { enrolChildRoute, getFamilyHistoryRoute, getFamilyRoute, listFamiliesRoute, registerFamilyRoute, searchFamiliesRoute, updateQuotientFamilialRoute } from './families.routes';
import { EnrolChildCommand } from './enrol-child.handler';
import { FamilySearchDto, SearchFamiliesQuery } from './search-families.query';
import { GetFamilyQuery } from './get-family.query';
import { ListFamiliesQuery } from './list-families.query';
import { RegisterFamilyCommand } from './register-family.handler';
import { QuotientFamilialDto, UpdateQuotientFamilialCommand } from './update-quotient-familial.handler';

/** A family's file: registration, the family itself, its history, its quotient familial. */
@Controller()
export class FamiliesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(registerFamilyRoute)
  register(@Body() body: BodyOf<typeof registerFamilyRoute>, @CurrentActor() actor: Actor, @IdempotencyCtx() idem: IdempotencyContext, @RequestId() requestId?: string): Promise<FamilyDto> {
    return this.commands.execute(new RegisterFamilyCommand(body, actor, idem, requestId));
  }

  // Declared before the routes with a `:familyId`, so that `search` is never read as an id.
  @Route(searchFamiliesRoute)
  search(@Query() query: QueryOf<typeof searchFamiliesRoute>): Promise<FamilySearchDto> {
    return this.queries.execute(new SearchFamiliesQuery(query.q, query.limit));
  }

  @Route(enrolChildRoute)
  enrolChild(
    @Param('familyId') familyId: string,
    @Body() body: BodyOf<typeof enrolChildRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<FamilyDto> {
    return this.commands.execute(new EnrolChildCommand(familyId, body, actor, idem, requestId));
  }

  @Route(listFamiliesRoute)
  list(): Promise<FamilyDto[]> {
    return this.queries.execute(new ListFamiliesQuery());
  }

  @Route(getFamilyRoute)
  get(@Param('familyId') familyId: string): Promise<FamilyDto> {
    return this.queries.execute(new GetFamilyQuery(familyId));
  }

  @Route(getFamilyHistoryRoute)
  history(@Param('familyId') familyId: string, @Query() query: QueryOf<typeof getFamilyHistoryRoute>): Promise<FamilyHistoryDto> {
    return this.queries.execute(new GetFamilyHistoryQuery(familyId, query.after, query.limit));
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
}
