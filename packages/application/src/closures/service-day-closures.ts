/**
 * R14: closing a service day (strike, outing, closed kitchen), for the whole town or for one
 * school. The closure is recorded in `catalog-closures` — from then on nobody (no child of that
 * school) can book that day — then every family holding a reserved or pending slot that day
 * (for a child of that school) gets `CloseServiceDay` (full credit, pending orders expired). The
 * children's schools come from the persons read model, when the family is swept.
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
  schoolKey,
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

/** Each child's school by childId, from the person stream (R14 closures of one school). */
export type ChildSchoolsOf = (familyId: string) => Readonly<Record<string, string>>;

/** The persons read model's answer (`persons.schoolsOfFamily`). */
export function childSchoolsFrom(readModels: Pick<ReadModels, 'persons'>): ChildSchoolsOf {
  return (familyId) => readModels.persons.schoolsOfFamily(familyId);
}

/** A school closure's part of the ids and keys; none for the whole town (the keys it always had). */
const schoolPart = (school: string | undefined) => (school === undefined ? '' : `|school:${schoolKey(school)}`);

/** Families swept at once (their appends share the store's group commits). */
const SWEEP_CONCURRENCY = 16;

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 24);
}

/**
 * `CloseServiceDay` for one family. Its ids and key come from the day, the family and the
 * stream's revision when the sweep looked: sweeping the same family again later (a reservation
 * that slipped in) closes what is left under new ids, and a retried sweep at the same revision
 * appends nothing twice. A closure for one school reaches the children `schoolsOf` puts there.
 */
export async function closeDayForFamily(
  runner: FamilyCommandRun,
  snapshots: FamilySnapshots,
  familyId: string,
  closure: ActivityClosure,
  now: string,
  cause: Pick<CommandContext, 'correlationId' | 'causationId'>,
  schoolsOf: ChildSchoolsOf,
): Promise<Either<Refusal, ClosureOutcome & { readonly state: FamilyState }>> {
  const { revision, state: before } = await snapshots.load(familyId);
  const { activityId, date, reason, school } = closure;
  const schools = school === undefined ? undefined : schoolsOf(familyId);
  if (!holdsDay(before, activityId, date, school, schools)) return right({ ...NO_CLOSURE_OUTCOME, state: before });
  const part = schoolPart(school);
  const cancellationId = `closure-${shortHash(`${activityId}|${date}|${familyId}|${revision}${part}`)}`;
  const result = await runner.run(
    familyId,
    {
      type: 'CloseServiceDay',
      data: { activityId, date, reason, cancellationId, creditId: `credit-${cancellationId}`, ...(school === undefined ? {} : { school, schools }) },
      metadata: { now },
    },
    { idempotencyKey: `closure:${activityId}:${date}:${familyId}:r${revision}${part}`, actor: SYSTEM_ACTOR, ...cause },
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
    private readonly schoolsOf: ChildSchoolsOf = childSchoolsFrom(readModels),
  ) {}

  /**
   * Records the closure, then sweeps every family holding that day (for a child of the school,
   * when `closure.school` is given). Closing a day again sweeps what is left.
   */
  async close(
    closure: ActivityClosure,
    now: string,
    ctx: CommandContext,
  ): Promise<Either<Refusal, ClosureOutcome & { readonly families: number }>> {
    const { activityId, date } = closure;
    const school = closure.school?.trim();
    // Decided on the file's calendar alone: earlier closures are the stream's state.
    const recorded = await handleCommand(
      this.store,
      serviceDayClosuresDecider(this.catalogs.base),
      {
        streamId: CLOSURES_STREAM,
        command: { activityId, date, reason: closure.reason, ...(school === undefined ? {} : { school }), now },
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
    const holding = this.readModels.pendingOrders.familiesHolding(activityId, date);
    const swept = { ...closure, ...(school === undefined ? {} : { school }) };
    let total = NO_CLOSURE_OUTCOME;
    let families = 0;
    const cause = { correlationId: ctx.correlationId, causationId: ctx.idempotencyKey };
    for (let i = 0; i < holding.length; i += SWEEP_CONCURRENCY) {
      const outcomes = await Promise.all(
        holding.slice(i, i + SWEEP_CONCURRENCY).map((familyId) => closeDayForFamily(this.runner, this.snapshots, familyId, swept, now, cause, this.schoolsOf)),
      );
      for (const outcome of outcomes) {
        if (isLeft(outcome)) return outcome;
        const { state: _state, ...reached } = outcome.right;
        if (reached.cancelledSlots > 0 || reached.expiredOrders > 0) families++;
        total = addClosureOutcomes(total, reached);
      }
    }
    return right({ ...total, families });
  }
}
