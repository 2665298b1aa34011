import { EventStore, handleCommand, StoredEvent, StreamAppend } from '@periscol/event-store';
import { closuresMissedBy, createFamilyDecider, evolveFamily } from '@periscol/reservation-domain';
import type { Catalog, FamilyCommand, FamilyDecider, FamilyEvent, FamilyState, Refusal } from '@periscol/reservation-domain';
import { Either, isLeft, right } from 'fp-ts/Either';
import type { CatalogSource } from '../catalog/catalog-source';
import { familyEventOf, familySchemaVersionOf } from '../events/event-decoding';
import { familyStreamId } from '../streams/stream-names';
import type { FamilySnapshots } from '../snapshots/family-snapshots';
import type { ReadModels } from '../read-models/read-models';
import type { CommandContext } from './command-context';
import { closeDayForFamily } from '../closures/service-day-closures';
import { streamTailView } from './stream-tail.view';

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

  constructor(
    private readonly store: EventStore,
    private readonly config: { readonly holdMinutes: number; readonly maxAmountCents?: number; readonly maxBalanceCents?: number },
    private readonly catalogs: CatalogSource,
    private readonly snapshots: FamilySnapshots,
    private readonly readModels: ReadModels,
  ) {}

  async run(familyId: string, command: FamilyCommand, ctx: CommandContext, record?: (state: FamilyState) => StreamAppend): Promise<Either<Refusal, FamilyCommandResult>> {
    const catalog = await this.catalogs.refresh();
    const decider = this.deciderFor(catalog);
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
        ...(record ? { alsoAppend: (state: FamilyState, decided: readonly FamilyEvent[]) => [record(decided.reduce(evolveFamily, state))] } : {}),
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
   * closes that day itself (see `service-day-closures.ts`). Undefined when nothing was missed.
   */
  private async closeDaysClosedMeanwhile(familyId: string, decidedWith: Catalog, state: FamilyState, now: string, ctx: CommandContext): Promise<FamilyCommandResult | undefined> {
    const missed = closuresMissedBy(decidedWith, await this.catalogs.refreshAfterNow(), state);
    let last: FamilyCommandResult | undefined;
    for (const closure of missed) {
      const outcome = await closeDayForFamily(this, this.snapshots, familyId, closure, now, { correlationId: ctx.correlationId, causationId: ctx.idempotencyKey });
      if (isLeft(outcome)) throw new Error(`Closing ${closure.activityId} ${closure.date} for ${familyId} was refused: ${outcome.left.code}`);
      const position = await this.store.headPosition();
      last = { state: outcome.right.state, events: [], position, recorded: false };
    }
    return last;
  }

  /** The family decider over `catalog` (one per catalog: closures make a new catalog). */
  deciderFor(catalog: Catalog): FamilyDecider {
    let decider = this.deciders.get(catalog);
    if (!decider) this.deciders.set(catalog, (decider = createFamilyDecider({ catalog, holdMinutes: this.config.holdMinutes, maxAmountCents: this.config.maxAmountCents, maxBalanceCents: this.config.maxBalanceCents })));
    return decider;
  }
}
