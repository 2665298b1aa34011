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
import {
  addClosureOutcomes,
  closureOutcome,
  holdsDay,
  NO_CLOSURE_OUTCOME,
  SERVICE_DAY_CLOSED_SCHEMA_VERSION,
  readServiceDayClosed,
  serviceDayClosuresDecider,
  type ActivityClosure,
  type ClosureOutcome,
  type FamilyCommand,
  type FamilyState,
  type Refusal,
} from '@periscol/reservation-domain';
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

/** What sweeping needs of the family command runner. */
export interface FamilyCommandRun {
  run(familyId: string, command: FamilyCommand, ctx: CommandContext): Promise<Either<Refusal, FamilyCommandResult>>;
}

/** Families swept at once (their appends share the store's group commits). */
const SWEEP_CONCURRENCY = 16;

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 24);
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
  if (!holdsDay(before, activityId, date)) return right({ ...NO_CLOSURE_OUTCOME, state: before });
  const cancellationId = `closure-${shortHash(`${activityId}|${date}|${familyId}|${revision}`)}`;
  const result = await runner.run(
    familyId,
    { type: 'CloseServiceDay', data: { activityId, date, reason, cancellationId, creditId: `credit-${cancellationId}` }, metadata: { now } },
    { idempotencyKey: `closure:${activityId}:${date}:${familyId}:r${revision}`, actor: SYSTEM_ACTOR, ...cause },
  );
  if (isLeft(result)) return result;
  const { state } = result.right;
  return right({ ...closureOutcome(before, state, closure, cancellationId), state });
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
    // Decided on the file's calendar alone: earlier closures are the stream's state.
    const recorded = await handleCommand(
      this.store,
      serviceDayClosuresDecider(this.catalogs.base),
      {
        streamId: CLOSURES_STREAM,
        command: { ...closure, now },
        idempotencyKey: ctx.idempotencyKey,
        metadata: { correlationId: ctx.correlationId, actor: ctx.actor },
        schemaVersionOf: () => SERVICE_DAY_CLOSED_SCHEMA_VERSION,
        upcast: readServiceDayClosed,
      },
    );
    if (isLeft(recorded)) return recorded;
    await this.catalogs.refreshAfterNow();

    // Looked up only now, after the closure is recorded (see the file's comment).
    await this.readModels.catchUp();
    const families = this.readModels.pendingOrders.familiesHolding(activityId, date);
    let total = NO_CLOSURE_OUTCOME;
    const cause = { correlationId: ctx.correlationId, causationId: ctx.idempotencyKey };
    for (let i = 0; i < families.length; i += SWEEP_CONCURRENCY) {
      const outcomes = await Promise.all(families.slice(i, i + SWEEP_CONCURRENCY).map((familyId) => closeDayForFamily(this.runner, this.snapshots, familyId, closure, now, cause)));
      for (const outcome of outcomes) {
        if (isLeft(outcome)) return outcome;
        total = addClosureOutcomes(total, outcome.right);
      }
    }
    return right({ ...total, families: families.length });
  }
}
