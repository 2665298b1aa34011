import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { requestCommandContext, ServiceDayClosures } from '@periscol/application';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import type { closureResultSchema } from './closures.routes';

export type ClosureResultDto = z.infer<typeof closureResultSchema>;

export class CloseServiceDayCommand extends Command<ClosureResultDto> {
  constructor(
    readonly activityId: string,
    readonly date: string,
    readonly reason: string,
    readonly school: string | undefined,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** R14 (`ServiceDayClosures`): records the closure, then every family holding the day (for a child of `school`) gets its credit. */
@CommandHandler(CloseServiceDayCommand)
export class CloseServiceDayHandler implements ICommandHandler<CloseServiceDayCommand> {
  constructor(
    private readonly closures: ServiceDayClosures,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ activityId, date, reason, school, actor, idempotency, requestId }: CloseServiceDayCommand): Promise<ClosureResultDto> {
    const ctx = requestCommandContext(actor, idempotency, requestId);
    const closure = { activityId, date, reason, ...(school === undefined ? {} : { school }) };
    const outcome = fromEither(await this.closures.close(closure, this.clock.now().toISOString(), ctx));
    return { ...closure, ...outcome };
  }
}
