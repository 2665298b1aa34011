/**
 * R14: closing a service day (strike, outing, closed kitchen). The closure is recorded in
 * `catalog-closures` — from then on nobody can book that day — then every family holding a
 * reserved or pending slot that day gets `CloseServiceDay` (full credit, pending orders expired).
 *
 * A reservation decided a moment before the closure was recorded, and appended a moment after
 * the sweep looked for families, would escape both. So each side checks after its own write:
 * the sweep looks for families after the closure is recorded, and every family command, after
 * its append, reads the closures recorded since it decided (`closeDaysClosedMeanwhile`). Whatever
 * the interleaving, one of the two sees the other.
 */
import { refuse, serviceDayStatus, slotKeyOf } from '@periscol/reservation-domain';
import type { ActivityClosure, Catalog, FamilyCommand, FamilyState, Refusal } from '@periscol/reservation-domain';
import { handleCommand, type EventStore } from '@periscol/event-store';
import { createHash } from 'node:crypto';
import { isLeft, right, type Either } from 'fp-ts/Either';
import type { CatalogSource } from '../catalog/catalog-source';
import type { CommandContext } from '../commands/command-context';
import { SYSTEM_ACTOR } from '../commands/command-context';
import type { FamilyCommandResult } from '../commands/family-command.runner';
import type { ReadModels } from '../read-models/read-models';
import type { FamilySnapshots } from '../snapshots/family-snapshots';
import { CLOSURES_STREAM } from '../streams/stream-names';
import { closuresDecider, readServiceDayClosed, SERVICE_DAY_CLOSED_SCHEMA_VERSION, type CloseDayCommand, type ServiceDayClosed } from './closures.events';

/** What sweeping needs of the family command runner. */
export interface FamilyCommandRun {
  run(familyId: string, command: FamilyCommand, ctx: CommandContext): Promise<Either<Refusal, FamilyCommandResult>>;
}

export interface ClosureOutcome {
  readonly cancelledSlots: number;
  readonly creditedCents: number;
  readonly expiredOrders: number;
}

/** Families swept at once (their appends share the store's group commits). */
const SWEEP_CONCURRENCY = 16;

const sameDay = (a: ActivityClosure, b: ActivityClosure) => a.activityId === b.activityId && a.date === b.date;

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 24);
}

/** True when some child of the family holds that day, reserved or pending. */
export function holdsDay(state: FamilyState, activityId: string, date: string): boolean {
  let holds = false;
  state.children.forEach((child) => {
    if (!holds && state.slots.get(slotKeyOf(child.childId, activityId, date)) !== undefined) holds = true;
  });
  return holds;
}

/**
 * `CloseServiceDay` for one family. Its ids and key come from the day, the family and the
 * stream's revision when the sweep looked: sweeping the same family again later (a reservation
 * that slipped in) closes what is left under new ids, and a retried sweep at the same revision
 * appends nothing twice.
 */
export async function closeDayForFamily(
  runner: FamilyCommandRun,
  snapshots: FamilySnapshots,
  familyId: string,
  closure: ActivityClosure,
  now: string,
  cause: Pick<CommandContext, 'correlationId' | 'causationId'>,
): Promise<Either<Refusal, ClosureOutcome & { readonly state: FamilyState }>> {
  const { revision, state: before } = await snapshots.load(familyId);
  const { activityId, date, reason } = closure;
  const none = { cancelledSlots: 0, creditedCents: 0, expiredOrders: 0 };
  if (!holdsDay(before, activityId, date)) return right({ ...none, state: before });
  const cancellationId = `closure-${shortHash(`${activityId}|${date}|${familyId}|${revision}`)}`;
  const result = await runner.run(
    familyId,
    { type: 'CloseServiceDay', data: { activityId, date, reason, cancellationId, creditId: `credit-${cancellationId}` }, metadata: { now } },
    { idempotencyKey: `closure:${activityId}:${date}:${familyId}:r${revision}`, actor: SYSTEM_ACTOR, ...cause },
  );
  if (isLeft(result)) return result;
  const { state } = result.right;
  const cancellation = state.cancellations.get(cancellationId);
  let expiredOrders = 0;
  state.orders.forEach((order) => {
    const before_ = before.orders.get(order.orderId);
    if (order.status === 'expired' && before_?.status !== 'expired' && order.lines.some((line) => line.activityId === activityId && line.date === date)) expiredOrders++;
  });
  return right({
    cancelledSlots: cancellation?.lines.length ?? 0,
    creditedCents: cancellation?.lines.reduce((sum, line) => sum + line.creditCents, 0) ?? 0,
    expiredOrders,
    state,
  });
}

/** The closures recorded in `latest` and not in `decidedWith`, for days the family holds. */
export function closuresMissedBy(decidedWith: Catalog, latest: Catalog, state: FamilyState): ActivityClosure[] {
  if (latest === decidedWith) return [];
  return latest.closures.filter((closure) => !decidedWith.closures.some((known) => sameDay(known, closure)) && holdsDay(state, closure.activityId, closure.date));
}

export class ServiceDayClosures {
  constructor(
    private readonly store: EventStore,
    private readonly catalogs: CatalogSource,
    private readonly readModels: ReadModels,
    private readonly snapshots: FamilySnapshots,
    private readonly runner: FamilyCommandRun,
  ) {}

  /** Records the closure, then sweeps every family holding that day. Closing a day again sweeps what is left. */
  async close(
    closure: ActivityClosure,
    now: string,
    ctx: CommandContext,
  ): Promise<Either<Refusal, ClosureOutcome & { readonly families: number }>> {
    const { activityId, date } = closure;
    // The file's calendar alone (not earlier closures): closing a day twice is a harmless repeat.
    const day = serviceDayStatus(this.catalogs.base, activityId, date);
    if (!day.open) {
      const code = day.reason === 'unknown_activity' ? 'UNKNOWN_ACTIVITY' : day.reason === 'not_served' ? 'NOT_SERVED' : day.reason === 'outside_school_year' ? 'OUTSIDE_SCHOOL_YEAR' : 'DAY_CLOSED';
      return refuse(code, `${activityId} is not open on ${date}${day.label ? ` (${day.label})` : ''}: nothing to close`);
    }
    await handleCommand<CloseDayCommand, ReturnType<typeof closuresDecider.initialState>, ReturnType<typeof closuresDecider.decide>[number], never, ServiceDayClosed>(
      this.store,
      closuresDecider,
      {
        streamId: CLOSURES_STREAM,
        command: { ...closure, now },
        idempotencyKey: ctx.idempotencyKey,
        metadata: { correlationId: ctx.correlationId, actor: ctx.actor },
        schemaVersionOf: () => SERVICE_DAY_CLOSED_SCHEMA_VERSION,
        upcast: readServiceDayClosed,
      },
    );
    await this.catalogs.refreshAfterNow();

    // Looked up only now, after the closure is recorded (see the file's comment).
    await this.readModels.catchUp();
    const families = this.readModels.pendingOrders.familiesHolding(activityId, date);
    const total = { cancelledSlots: 0, creditedCents: 0, expiredOrders: 0, families: families.length };
    const cause = { correlationId: ctx.correlationId, causationId: ctx.idempotencyKey };
    for (let i = 0; i < families.length; i += SWEEP_CONCURRENCY) {
      const outcomes = await Promise.all(families.slice(i, i + SWEEP_CONCURRENCY).map((familyId) => closeDayForFamily(this.runner, this.snapshots, familyId, closure, now, cause)));
      for (const outcome of outcomes) {
        if (isLeft(outcome)) return outcome;
        total.cancelledSlots += outcome.right.cancelledSlots;
        total.creditedCents += outcome.right.creditedCents;
        total.expiredOrders += outcome.right.expiredOrders;
      }
    }
    return right(total);
  }
}
