import { Body, Controller, Inject, Param } from '@nestjs/common';
import { FamilyReads, PersonCommandRunner, requestCommandContext } from '@periscol/application';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { notFound } from '../platform/http/api-error';
import { fromEither } from '../platform/http/refusal';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import type { BodyOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { getRemindersRoute, setRemindersRoute } from './reminders.routes';

export interface RemindersDto {
  readonly familyId: string;
  readonly deadlineReminders: boolean;
}

/** The family's choice about deadline reminders (person stream, decided by the person decider). */
@Controller()
export class RemindersController {
  constructor(
    private readonly persons: PersonCommandRunner,
    private readonly reads: FamilyReads,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  @Route(getRemindersRoute)
  async get(@Param('familyId') familyId: string): Promise<RemindersDto> {
    const person = await this.reads.person(familyId);
    if (!person || person.familyId === null) throw notFound('No such family');
    return { familyId, deadlineReminders: person.deadlineReminders };
  }

  @Route(setRemindersRoute)
  async set(
    @Param('familyId') familyId: string,
    @Body() body: BodyOf<typeof setRemindersRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idempotency: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<RemindersDto> {
    if (!(await this.reads.familyState(familyId))) throw notFound('No such family');
    const result = await this.persons.run(
      familyId,
      { type: 'SetDeadlineReminders', data: { enabled: body.deadlineReminders }, metadata: { now: this.clock.now().toISOString() } },
      requestCommandContext(actor, idempotency, requestId),
    );
    return { familyId, deadlineReminders: fromEither(result).state.deadlineReminders };
  }
}
