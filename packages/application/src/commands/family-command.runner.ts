import { EventStore, handleCommand, StoredEvent, StreamAppend } from '@periscol/event-store';
import { catalogHasCapacity, closuresMissedBy, createFamilyDecider, evolveFamily, holdsDay } from '@periscol/reservation-domain';
import type { Catalog, FamilyCommand, FamilyDecider, FamilyEvent, FamilyState, PlacesKey, Refusal, RequestReservation } from '@periscol/reservation-domain';
import { Either, isLeft, isRight, right } from 'fp-ts/Either';
import type { CatalogSource } from '../catalog/catalog-source';
import { familyEventOf, familySchemaVersionOf } from '../events/event-decoding';
import { familyStreamId } from '../streams/stream-names';
import type { FamilySnapshots } from '../snapshots/family-snapshots';
import type { ReadModels } from '../read-models/read-models';
import type { CommandContext } from './command-context';
import { childSchoolsFrom, closeDayForFamily, type ChildSchoolsOf } from '../closures/service-day-closures';
import { streamTailView } from './stream-tail.view';
import { isPlacesRetry, preparePlaces, type PlacesAttempt } from '../capacity/places-attempt';

/** R23: rounds of reading the places and deciding again after another family took or gave back a place. */
const PLACES_ATTEMPTS = 20;

export type { CommandContext } from './command-context';

export interface FamilyCommandResult {
  /** The family's state after the command. */
  readonly state: FamilyState;
  /**
   * The events this command appended, as stored; on a retried command, its original events
   * when they are still in the unsnapshotted tail, else none (the decider then saw the same
   * command again and changed nothing). Build answers from `state`, not from these.
   */
  readonly events: readonly StoredEvent[];
  /** Global position the read models have reached for this answer. */
  readonly position: number;
  /** True when `record`'s append was written with the command's events (same atomic append). */
  readonly recorded: boolean;
}

/**
 * Runs one family command: the generic command loop (`handleCommand`: read → fold → decide →
 * append with the expected revision, bounded retries on conflict, event ids derived from the
 * idempotency key) over `family-<familyId>`, folding onto the family's snapshot so only the
 * stream's tail is read; then waits until the read models reached the appended position
 * (read-your-writes) before resolving.
 *
 * `record`, when given, builds an append from the family's state after the command's events —
 * the request's answer (R12) — and the command writes it in the same atomic append as its events
 * (`appendMany`): one durable write per command. It is written only when the command appends
 * events (`recorded` says so); a conflict on its stream rejects with that
 * `WrongExpectedRevisionError`, nothing appended (another request recorded its answer first).
 */
export class FamilyCommandRunner {
  private deciders = new WeakMap<Catalog, FamilyDecider>();
  private readonly schoolsOf: ChildSchoolsOf;

  constructor(
    private readonly store: EventStore,
    private readonly config: { readonly holdMinutes: number; readonly maxAmountCents?: number; readonly maxBalanceCents?: number },
    private readonly catalogs: CatalogSource,
    private readonly snapshots: FamilySnapshots,
    private readonly readModels: ReadModels,
    schoolsOf?: ChildSchoolsOf,
  ) {
    this.schoolsOf = schoolsOf ?? childSchoolsFrom(readModels);
  }

  async run(familyId: string, command: FamilyCommand, ctx: CommandContext, record?: (state: FamilyState) => StreamAppend): Promise<Either<Refusal, FamilyCommandResult>> {
    const catalog = await this.catalogs.refresh();
    if (!catalogHasCapacity(catalog)) return this.runDecided(familyId, command, ctx, catalog, record);
    return this.runWithPlaces(familyId, command, ctx, catalog, record);
  }

  /**
   * R23: a request made for the first of a day's waiting list when a place was given back: its
   * order holds the place for `holdMinutes` (the activity's `offerHoldMinutes`), recorded
   * `PlaceOffered` in the places stream; the family confirms it like any order.
   */
  async offerPlace(familyId: string, command: RequestReservation, ctx: CommandContext, holdMinutes: number): Promise<Either<Refusal, FamilyCommandResult>> {
    const catalog = await this.catalogs.refresh();
    const expiresAt = new Date(Date.parse(command.metadata.now) + holdMinutes * 60_000).toISOString();
    return this.runWithPlaces(familyId, command, ctx, catalog, undefined, { holdMinutes, expiresAt });
  }

  /** R23: told the places streams where a command gave a place back (the waiting list's offers). */
  onPlacesFreed(listener: (keys: readonly PlacesKey[], now: string) => Promise<void>): void {
    this.placesFreed = listener;
  }

  private placesFreed: ((keys: readonly PlacesKey[], now: string) => Promise<void>) | undefined;

  /** The places are read before deciding and appended with the family's events (places-attempt.ts); read and decided again on a conflict. */
  private async runWithPlaces(
    familyId: string,
    command: FamilyCommand,
    ctx: CommandContext,
    catalog: Catalog,
    record?: (state: FamilyState) => StreamAppend,
    offer?: { readonly holdMinutes: number; readonly expiresAt: string },
  ): Promise<Either<Refusal, FamilyCommandResult>> {
    const schoolOf = (family: string, childId: string) => this.schoolsOf(family)[childId];
    for (let attempt = 1; ; attempt++) {
      const { state } = await this.snapshots.load(familyId);
      const places = await preparePlaces(this.store, catalog, command, state, schoolOf, ctx, offer ? { expiresAt: offer.expiresAt } : undefined);
      let result: Either<Refusal, FamilyCommandResult>;
      try {
        result = await this.runDecided(familyId, command, ctx, catalog, record, places, offer?.holdMinutes);
      } catch (error) {
        if (!isPlacesRetry(error) || attempt >= PLACES_ATTEMPTS) throw error;
        await new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * 2 ** (attempt - 1))));
        continue;
      }
      if (isRight(result) && result.right.events.length > 0 && places.released.length > 0 && this.placesFreed) {
        // The command is recorded whatever the offer's fate: a place left free is offered again at
        // the next place given back, join or withdrawal of that day (waiting-list.ts).
        await this.placesFreed(places.released, command.metadata.now).catch(() => undefined);
      }
      return result;
    }
  }

  private async runDecided(
    familyId: string,
    command: FamilyCommand,
    ctx: CommandContext,
    catalog: Catalog,
    record?: (state: FamilyState) => StreamAppend,
    places?: PlacesAttempt,
    holdMinutes?: number,
  ): Promise<Either<Refusal, FamilyCommandResult>> {
    const decider = places ? createFamilyDecider({ ...this.deciderDeps(catalog), ...(holdMinutes === undefined ? {} : { holdMinutes }), places: places.view }) : this.deciderFor(catalog);
    const streamId = familyStreamId(familyId);
    const snapshot = this.snapshots.known(familyId);
    const result = await handleCommand<FamilyCommand, FamilyState, FamilyEvent, Refusal, FamilyEvent>(
      streamTailView(this.store, streamId, snapshot.revision),
      { decide: decider.decide, evolve: evolveFamily, initialState: () => snapshot.state },
      {
        streamId,
        command,
        idempotencyKey: ctx.idempotencyKey,
        metadata: { correlationId: ctx.correlationId, causationId: ctx.causationId, actor: ctx.actor },
        schemaVersionOf: familySchemaVersionOf,
        upcast: familyEventOf,
        ...(record || places
          ? {
              alsoAppend: (state: FamilyState, decided: readonly FamilyEvent[]) => [
                ...(places ? places.appendsFor(state, decided) : []),
                ...(record ? [record(decided.reduce(evolveFamily, state))] : []),
              ],
            }
          : {}),
      },
    );
    if (isLeft(result)) return result;
    const { state, events, nextExpectedRevision, alsoAppended: recorded } = result.right;
    this.snapshots.remember(familyId, { revision: nextExpectedRevision, state });
    if (events.length > 0) {
      const swept = await this.closeDaysClosedMeanwhile(familyId, catalog, state, command.metadata.now, ctx);
      if (swept) return right({ ...swept, events: [...events, ...swept.events], recorded });
    }
    const position = events.length > 0 ? events[events.length - 1].position : await this.store.headPosition();
    await this.readModels.waitFor(position);
    return right({ state, events, position, recorded });
  }

  /**
   * R14 whatever the interleaving: a closure recorded after this command read the catalog, for a
   * day the family now holds, may have swept the families before this append; so the family
   * closes that day itself (see `service-day-closures.ts`). So does a closure for one school of a
   * day a child of that school holds: the command may have been decided without the child's
   * school (a late payment). Undefined when nothing was missed.
   */
  private async closeDaysClosedMeanwhile(familyId: string, decidedWith: Catalog, state: FamilyState, now: string, ctx: CommandContext): Promise<FamilyCommandResult | undefined> {
    const candidates = closuresMissedBy(decidedWith, await this.catalogs.refreshAfterNow(), state);
    if (candidates.length === 0) return undefined;
    const schools = candidates.some((closure) => closure.school !== undefined) ? this.schoolsOf(familyId) : undefined;
    const missed = candidates.filter((closure) => closure.school === undefined || holdsDay(state, closure.activityId, closure.date, closure.school, schools));
    let last: FamilyCommandResult | undefined;
    for (const closure of missed) {
      const outcome = await closeDayForFamily(this, this.snapshots, familyId, closure, now, { correlationId: ctx.correlationId, causationId: ctx.idempotencyKey }, this.schoolsOf);
      if (isLeft(outcome)) throw new Error(`Closing ${closure.activityId} ${closure.date} for ${familyId} was refused: ${outcome.left.code}`);
      const position = await this.store.headPosition();
      last = { state: outcome.right.state, events: [], position, recorded: false };
    }
    return last;
  }

  /** The family decider over `catalog` (one per catalog: closures make a new catalog). */
  deciderFor(catalog: Catalog): FamilyDecider {
    let decider = this.deciders.get(catalog);
    if (!decider) this.deciders.set(catalog, (decider = createFamilyDecider(this.deciderDeps(catalog))));
    return decider;
  }

  private deciderDeps(catalog: Catalog) {
    return { catalog, holdMinutes: this.config.holdMinutes, maxAmountCents: this.config.maxAmountCents, maxBalanceCents: this.config.maxBalanceCents };
  }
}
