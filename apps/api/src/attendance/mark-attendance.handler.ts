import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { AttendanceSheets, requestCommandContext } from '@periscol/application';
import type { AttendanceMarkedData, AttendanceMarkInput } from '@periscol/reservation-domain';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import type { attendanceMarksSchema } from './attendance-marks.routes';

export type AttendanceMarksDto = z.infer<typeof attendanceMarksSchema>;

export class MarkAttendanceCommand extends Command<AttendanceMarksDto> {
  constructor(
    readonly date: string,
    readonly activityId: string,
    readonly marks: readonly AttendanceMarkInput[],
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

/** R20: the agent's marks, decided by the domain on the day's attendance stream, stamped with the agent and the clock's time. */
@CommandHandler(MarkAttendanceCommand)
export class MarkAttendanceHandler implements ICommandHandler<MarkAttendanceCommand> {
  constructor(
    private readonly sheets: AttendanceSheets,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  async execute({ date, activityId, marks, actor, idempotency, requestId }: MarkAttendanceCommand): Promise<AttendanceMarksDto> {
    const ctx = requestCommandContext(actor, idempotency, requestId);
    const recorded = fromEither(await this.sheets.mark(date, activityId, marks, this.clock.now().toISOString(), ctx));
    return attendanceMarksDto(date, activityId, recorded);
  }
}

/** The marks as the contract lists them (the day and activity once, not per mark). */
export function attendanceMarksDto(date: string, activityId: string, marks: readonly AttendanceMarkedData[]): AttendanceMarksDto {
  return {
    date,
    activityId,
    marks: marks.map(({ familyId, childId, status, reserved, replaces, agentId, markedAt }) => ({ familyId, childId, status, reserved, replaces, agentId, markedAt })),
  };
}
