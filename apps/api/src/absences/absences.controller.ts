import { Body, Controller, Param, Query, Req, Res, StreamableFile } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import { contentDisposition } from '../documents/document-pdf';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import type { ApiRequest, HttpResponse } from '../platform/http/api-request';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import type { BodyOf, ParamsOf, QueryOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import type { AbsenceDto } from './absence.dto';
import { DecideAbsenceCommand, DeclareAbsenceCommand } from './absence.commands';
import { absenceProofRoute, acceptAbsenceRoute, declareAbsenceRoute, listAbsencesRoute, listFamilyAbsencesRoute, refuseAbsenceRoute } from './absences.routes';
import { GetAbsenceProofQuery, ListAbsencesQuery, ListFamilyAbsencesQuery } from './list-absences.query';

/** Absences with proof (R22): declared by a parent, decided by an agent. */
@Controller()
export class AbsencesController {
  constructor(
    private readonly commands: CommandBus,
    private readonly queries: QueryBus,
  ) {}

  @Route(declareAbsenceRoute)
  declare(
    @Param() params: ParamsOf<typeof declareAbsenceRoute>,
    @Query() query: QueryOf<typeof declareAbsenceRoute>,
    @Req() req: ApiRequest,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idempotency: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<AbsenceDto> {
    return this.commands.execute(new DeclareAbsenceCommand({ familyId: params.familyId, actor, idempotency, requestId }, query, req.body));
  }

  @Route(listFamilyAbsencesRoute)
  listOfFamily(@Param() params: ParamsOf<typeof listFamilyAbsencesRoute>) {
    return this.queries.execute(new ListFamilyAbsencesQuery(params.familyId));
  }

  @Route(listAbsencesRoute)
  list(@Query() query: QueryOf<typeof listAbsencesRoute>) {
    return this.queries.execute(new ListAbsencesQuery(query.status));
  }

  @Route(acceptAbsenceRoute)
  accept(
    @Param() params: ParamsOf<typeof acceptAbsenceRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idempotency: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<AbsenceDto> {
    return this.commands.execute(new DecideAbsenceCommand({ familyId: params.familyId, actor, idempotency, requestId }, params.absenceId));
  }

  @Route(refuseAbsenceRoute)
  refuse(
    @Param() params: ParamsOf<typeof refuseAbsenceRoute>,
    @Body() body: BodyOf<typeof refuseAbsenceRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idempotency: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<AbsenceDto> {
    return this.commands.execute(new DecideAbsenceCommand({ familyId: params.familyId, actor, idempotency, requestId }, params.absenceId, { reason: body.reason }));
  }

  @Route(absenceProofRoute)
  async proof(@Param() params: ParamsOf<typeof absenceProofRoute>, @Res({ passthrough: true }) res: HttpResponse): Promise<StreamableFile> {
    const { bytes, mediaType, fileName } = await this.queries.execute(new GetAbsenceProofQuery(params.familyId, params.absenceId));
    // A file a parent sent, opened by an agent: never run as a page, never cached on the way.
    res.setHeader('Content-Security-Policy', "sandbox; default-src 'none'; img-src 'self'; object-src 'self'; plugin-types application/pdf");
    res.setHeader('Cache-Control', 'no-store');
    return new StreamableFile(bytes, { type: mediaType, disposition: contentDisposition(fileName), length: bytes.length });
  }
}
