import { createHash } from 'node:crypto';
import { Inject } from '@nestjs/common';
import { Command, CommandHandler, ICommandHandler } from '@nestjs/cqrs';
import { EventStore, handleCommand } from '@periscol/event-store';
import { cancellationView, serviceDayStatus } from '@periscol/reservation-domain';
import type { FamilyState } from '@periscol/reservation-domain';
import type Database from 'better-sqlite3';
import type { z } from 'zod';
import type { Actor } from '../platform/auth/actor';
import { CatalogSource } from '@periscol/application';
import { CLOSURES_STREAM, closuresDecider, CloseDayCommand, readServiceDayClosed, SERVICE_DAY_CLOSED_SCHEMA_VERSION, ServiceDayClosed } from '@periscol/application';
import { Clock, CLOCK } from '../platform/clock/clock';
import { ApiError } from '../platform/http/api-error';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { ReadModels } from '@periscol/application';
import { EVENT_STORE } from '../platform/store/event-store.token';
import { CommandContext, requestCommandContext } from '@periscol/application';
import { FamilyCommandRunner } from '@periscol/application';
import type { closureResultSchema } from './closures.routes';

export type ClosureResultDto = z.infer<typeof closureResultSchema>;

/** Families at once while sweeping a closure (their appends share the store's group commits). */
const SWEEP_CONCURRENCY = 16;

export class CloseServiceDayCommand extends Command<ClosureResultDto> {
  constructor(
    readonly activityId: string,
    readonly date: string,
    readonly reason: string,
    readonly actor: Actor,
    readonly idempotency: IdempotencyContext,
    readonly requestId?: string,
  ) {
    super();
  }
}

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 24);
}

/**
 * R14: records the closure in `catalog-closures` (from then on nobody can book that day), then
 * issues `CloseServiceDay` to every family holding a reserved or pending slot that day (found in
 * the attendance and pending-order read models, caught up first). Each family's command has a
 * key and ids derived from (activity, date, family): running the closure again — the same
 * request retried, or another request for the same day — sweeps what was missed and changes
 * nothing twice.
 */
@CommandHandler(CloseServiceDayCommand)
export class CloseServiceDayHandler implements ICommandHandler<CloseServiceDayCommand> {
  private readonly familiesHolding: Database.Statement<[string, string, string, string], { familyId: string }>;

  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly catalogs: CatalogSource,
    private readonly readModels: ReadModels,
    private readonly runner: FamilyCommandRunner,
  ) {
    this.familiesHolding = readModels.db.prepare(
      `SELECT family_id AS familyId FROM attendance WHERE activity_id = ? AND date = ?
       UNION SELECT p.family_id AS familyId FROM pending_order_days d JOIN pending_orders p ON p.order_id = d.order_id WHERE d.activity_id = ? AND d.date = ?
       ORDER BY familyId`,
    );
  }

  async execute({ activityId, date, reason, actor, idempotency, requestId }: CloseServiceDayCommand): Promise<ClosureResultDto> {
    // The file's calendar alone (not earlier closures): closing a day twice is a harmless repeat.
    const day = serviceDayStatus(this.catalogs.base, activityId, date);
    if (!day.open) {
      const code = day.reason === 'unknown_activity' ? 'UNKNOWN_ACTIVITY' : day.reason === 'not_served' ? 'NOT_SERVED' : day.reason === 'outside_school_year' ? 'OUTSIDE_SCHOOL_YEAR' : 'DAY_CLOSED';
      throw new ApiError(code, `${activityId} is not open on ${date}${day.label ? ` (${day.label})` : ''}: nothing to close`);
    }
    const ctx = requestCommandContext(actor, idempotency, requestId);
    const now = this.clock.now().toISOString();
    await handleCommand<CloseDayCommand, ReturnType<typeof closuresDecider.initialState>, ReturnType<typeof closuresDecider.decide>[number], never, ServiceDayClosed>(
      this.store,
      closuresDecider,
      {
        streamId: CLOSURES_STREAM,
        command: { activityId, date, reason, now },
        idempotencyKey: ctx.idempotencyKey,
        metadata: { correlationId: ctx.correlationId, actor: ctx.actor },
        schemaVersionOf: () => SERVICE_DAY_CLOSED_SCHEMA_VERSION,
        upcast: readServiceDayClosed,
      },
    );
    await this.catalogs.refresh();

    await this.readModels.catchUp();
    const families = this.familiesHolding.all(activityId, date, activityId, date).map((row) => row.familyId);
    const result: ClosureResultDto = { activityId, date, reason, cancelledSlots: 0, creditedCents: 0, expiredOrders: 0, families: families.length };
    for (let i = 0; i < families.length; i += SWEEP_CONCURRENCY) {
      const outcomes = await Promise.all(families.slice(i, i + SWEEP_CONCURRENCY).map((familyId) => this.closeFor(familyId, activityId, date, reason, now, ctx)));
      for (const outcome of outcomes) {
        result.cancelledSlots += outcome.cancelledSlots;
        result.creditedCents += outcome.creditedCents;
        result.expiredOrders += outcome.expiredOrders;
      }
    }
    return result;
  }

  private async closeFor(familyId: string, activityId: string, date: string, reason: string, now: string, request: CommandContext) {
    const seed = `${activityId}|${date}|${familyId}`;
    const cancellationId = `closure-${shortHash(seed)}`;
    const { state } = fromEither(
      await this.runner.run(
        familyId,
        { type: 'CloseServiceDay', data: { activityId, date, reason, cancellationId, creditId: `credit-${cancellationId}` }, metadata: { now } },
        { ...request, idempotencyKey: `closure:${activityId}:${date}`, causationId: request.idempotencyKey },
      ),
    );
    const cancellation = cancellationView(state, cancellationId);
    return { cancelledSlots: cancellation?.lines.length ?? 0, creditedCents: cancellation?.totalCents ?? 0, expiredOrders: expiredByClosure(state, activityId, date) };
  }
}

function expiredByClosure(state: FamilyState, activityId: string, date: string): number {
  let count = 0;
  state.orders.forEach((order) => {
    if (order.status === 'expired' && order.expiryReason === 'closure' && order.lines.some((line) => line.activityId === activityId && line.date === date)) count++;
  });
  return count;
}
