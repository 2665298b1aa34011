import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { FamilyReads, requestCommandContext } from '@periscol/application';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import type { enrolChildRoute } from './families.routes';
import { FamilyDto, toFamilyDto } from './family.dto';
import { FamilyRegistration } from './family-registration.service';

type Body = z.output<NonNullable<(typeof enrolChildRoute)['body']>>;

export class EnrolChildCommand extends Command<FamilyDto> {
  constructor(
    readonly familyId: string,
    readonly body: Body,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** A new child in a registered family (`decideChildEnrolment`): its activities, then its identity. */
@CommandHandler(EnrolChildCommand)
export class EnrolChildHandler implements ICommandHandler<EnrolChildCommand> {
  constructor(
    private readonly registration: FamilyRegistration,
    private readonly reads: FamilyReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ familyId, body, actor, idempotency, requestId }: EnrolChildCommand): Promise<FamilyDto> {
    const child = { ...body, childId: body.childId ?? idempotency.derivedId('child') };
    const state = fromEither(await this.registration.enrolChild(familyId, child, requestCommandContext(actor, idempotency, requestId)));
    return toFamilyDto(familyId, state, await this.reads.person(familyId), this.clock.now());
  }
}
