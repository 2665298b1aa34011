/**
 * R14 before it happens: what closing a service day would do, decided by the same deciders as
 * the closure itself and appended nowhere. The closures stream's decider says whether the day
 * can be closed (the same refusals); then, for every family holding the day, the family
 * decider's `CloseServiceDay` runs on the family's current state and its events are folded in
 * memory to read the outcome (`closureOutcome`). A reservation made between the preview and
 * the closure is swept by the closure all the same: the preview is what the history says now.
 * A closure for one school reaches the children the persons read model puts in that school.
 */
import {
  addClosureOutcomes,
  applyDecision,
  closureOutcome,
  decideServiceDayClosure,
  holdsDay,
  NO_CLOSURE_OUTCOME,
  type ActivityClosure,
  type Catalog,
  type ClosureOutcome,
  type FamilyCommand,
  type FamilyEvent,
  type FamilyState,
  type Refusal,
} from '@periscol/reservation-domain';
import { isLeft, right, type Either } from 'fp-ts/Either';
import type { CatalogSource } from '../catalog/catalog-source';
import type { ReadModels } from '../read-models/read-models';
import type { FamilySnapshots } from '../snapshots/family-snapshots';
import { childSchoolsFrom, type ChildSchoolsOf } from './service-day-closures';

/** The family decider's `decide`, over one catalog (`FamilyCommandRunner.deciderFor`). */
export type FamilyDecideFor = (catalog: Catalog) => { decide(command: FamilyCommand, state: FamilyState): Either<Refusal, readonly FamilyEvent[]> };

export interface FamilyClosurePreview extends ClosureOutcome {
  readonly familyId: string;
  /** The reserved slots the closure would cancel, each with its credit. */
  readonly lines: readonly { readonly childId: string; readonly creditCents: number }[];
}

export interface ServiceDayClosurePreview extends ClosureOutcome {
  /** The day is closed already: closing it again would sweep only what is left (`families`). */
  readonly alreadyClosed: boolean;
  /** Families the closure would reach, by id. */
  readonly families: readonly FamilyClosurePreview[];
}

const PREVIEW_CANCELLATION = 'closure-preview';

export class ServiceDayClosurePreviews {
  constructor(
    private readonly catalogs: CatalogSource,
    private readonly readModels: ReadModels,
    private readonly snapshots: FamilySnapshots,
    private readonly deciderFor: FamilyDecideFor,
    private readonly schoolsOf: ChildSchoolsOf = childSchoolsFrom(readModels),
  ) {}

  async preview(closure: ActivityClosure, now: string): Promise<Either<Refusal, ServiceDayClosurePreview>> {
    const { activityId, date } = closure;
    const school = closure.school?.trim();
    const catalog = await this.catalogs.refresh();
    const decided = decideServiceDayClosure(this.catalogs.base, { ...closure, ...(school === undefined ? {} : { school }), now }, catalog.closures);
    if (isLeft(decided)) return decided;
    const alreadyClosed = decided.right.length === 0;

    await this.readModels.catchUp();
    const { decide } = this.deciderFor(catalog);
    const families: FamilyClosurePreview[] = [];
    let total = NO_CLOSURE_OUTCOME;
    for (const familyId of [...this.readModels.pendingOrders.familiesHolding(activityId, date)].sort()) {
      const { state: before } = await this.snapshots.load(familyId);
      const schools = school === undefined ? undefined : this.schoolsOf(familyId);
      if (!holdsDay(before, activityId, date, school, schools)) continue;
      const events = decide(
        {
          type: 'CloseServiceDay',
          data: { activityId, date, reason: closure.reason, cancellationId: PREVIEW_CANCELLATION, creditId: `credit-${PREVIEW_CANCELLATION}`, ...(school === undefined ? {} : { school, schools }) },
          metadata: { now },
        },
        before,
      );
      if (isLeft(events)) return events;
      const after = applyDecision(before, events.right);
      const outcome = closureOutcome(before, after, closure, PREVIEW_CANCELLATION);
      const lines = (after.cancellations.get(PREVIEW_CANCELLATION)?.lines ?? []).map((line) => ({ childId: line.childId, creditCents: line.creditCents }));
      families.push({ familyId, ...outcome, lines });
      total = addClosureOutcomes(total, outcome);
    }
    return right({ ...total, alreadyClosed, families });
  }
}
