/**
 * R23 — the waiting list of a full day, in the application. A family joins the line of a day with
 * no place left for its child (`join`, one event in the day's places stream, appended at the
 * revision it was read at) and may leave it (`withdraw`). When a command gives a place back
 * (the runner tells `offerFreed`), the first in line is offered it: a request made for that family
 * (`FamilyCommandRunner.offerPlace`), whose pending order holds the place for the activity's
 * `offerHoldMinutes` (`PlaceOffered`), confirmed by payment or credit like any order; unconfirmed,
 * the order expires (R6), the place is given back and offered to the next. A first in line who
 * can no longer book the day (deadline passed, no longer enrolled…) leaves the line
 * (`not_bookable`) and the next is offered the place.
 */
import { createHash } from 'node:crypto';
import { WrongExpectedRevisionError, type EventStore } from '@periscol/event-store';
import {
  decideJoinWaitingList,
  decideLeaveWaitingList,
  firstInLineWithPlace,
  getActivity,
  placesFor,
  placesKeyId,
  placesKeysOfDay,
  placeFreeFor,
  placeHolderKey,
  placesTaken,
  waitingRank,
  type Catalog,
  type PlacesEvent,
  type PlacesKey,
  type PlacesState,
  type Pricing,
  type Refusal,
  type Slot,
} from '@periscol/reservation-domain';
import { isLeft, left, right, type Either } from 'fp-ts/Either';
import type { CatalogSource } from '../catalog/catalog-source';
import { SYSTEM_ACTOR, type CommandContext } from '../commands/command-context';
import type { FamilyCommandRunner } from '../commands/family-command.runner';
import type { FamilySnapshots } from '../snapshots/family-snapshots';
import { placesAppend, readPlaces, type PlacesRead } from './places-attempt';

/** Rounds of reading the line again after another family joined or left it meanwhile. */
const ATTEMPTS = 60;
/** Offers made in a row from one place given back (each refusal hands it to the next in line). */
const MAX_OFFERS = 100;

/** A child's place in a day's line, or what is left that day. */
export interface DayPlaces {
  readonly activityId: string;
  readonly date: string;
  /** Places of the child's stream (its school's own, or the shared ones). */
  readonly places: number;
  readonly taken: number;
  /** The child's rank in the line (1 = first), 0 when it does not wait. */
  readonly rank: number;
  readonly waiting: number;
  /** Whether a place is free for the child (the line served first). */
  readonly placeFree: boolean;
  /** The order holding the child's place when it was offered from the line. */
  readonly offeredOrderId?: string;
}

export class WaitingList {
  constructor(
    private readonly store: EventStore,
    private readonly catalogs: CatalogSource,
    private readonly snapshots: FamilySnapshots,
    private readonly runner: FamilyCommandRunner,
    /** What a request for this family is priced with (the person stream's QF and children, R3). */
    private readonly pricingOf: (familyId: string) => Promise<Pricing>,
    /** Each child's school (R23: a school's own places). */
    private readonly schoolsOf: (familyId: string) => Readonly<Record<string, string>>,
  ) {
    runner.onPlacesFreed((keys, now) => this.offerFreed(keys, now));
  }

  /** Puts the child in the day's line; its rank. SLOT_TAKEN, PLACE_LEFT (book it), or the slot's R2 refusal. */
  async join(familyId: string, slot: Slot, now: string, ctx: CommandContext): Promise<Either<Refusal, { readonly rank: number }>> {
    const school = this.schoolsOf(familyId)[slot.childId];
    return this.decideOnDay(slot, ctx, async (catalog, states) => {
      const { state } = await this.snapshots.load(familyId);
      return decideJoinWaitingList(catalog, state, slot, school, states, now);
    }, (state) => waitingRank(state, familyId, slot.childId));
  }

  /** Takes the child out of the day's line (NOT_WAITING when it does not wait). */
  async withdraw(familyId: string, slot: Slot, now: string, ctx: CommandContext): Promise<Either<Refusal, { readonly rank: number }>> {
    const result = await this.decideOnDay(slot, ctx, async (catalog, states) => decideLeaveWaitingList(catalog, familyId, slot, states, now), () => 0);
    if (!isLeft(result)) await this.offerFreed(placesKeysOfDay(await this.catalogs.refresh(), slot.activityId, slot.date), now);
    return result;
  }

  /** The places and the child's rank of each limited day among `slots` (the planning's « Complet », « Liste d'attente (rang N) »). */
  async dayPlaces(familyId: string, slots: readonly Slot[]): Promise<readonly (DayPlaces & { readonly childId: string })[]> {
    const catalog = await this.catalogs.refresh();
    const schools = this.schoolsOf(familyId);
    const limited = slots.filter((slot) => getActivity(catalog, slot.activityId)?.capacity !== undefined);
    const reads = await readPlaces(this.store, limited.flatMap((slot) => placesKeysOfDay(catalog, slot.activityId, slot.date)));
    return limited.map((slot) => {
      const places = placesFor(catalog, slot.activityId, slot.date, schools[slot.childId]);
      const state = (places && reads.get(placesKeyId(places.key))?.state) as PlacesState;
      // The child waits in whichever stream of the day it joined.
      const rank = Math.max(0, ...placesKeysOfDay(catalog, slot.activityId, slot.date).map((key) => waitingRank((reads.get(placesKeyId(key)) as PlacesRead).state, familyId, slot.childId)));
      const holder = state.holders.get(placeHolderKey(familyId, slot.childId));
      return {
        childId: slot.childId,
        activityId: slot.activityId,
        date: slot.date,
        places: places?.places ?? 0,
        taken: placesTaken(state),
        rank,
        waiting: state.waiting.length,
        placeFree: placeFreeFor(state, (places?.places ?? 0) - placesTaken(state), familyId, slot.childId),
        ...(holder?.offered ? { offeredOrderId: holder.orderId } : {}),
      };
    });
  }

  /**
   * Offers every place free in `keys` to the first in line, one after another. Each offer is a
   * request for that family, keyed by the place's stream and revision, so two processes offering
   * the same place make one order; a family that cannot book the day leaves the line.
   */
  async offerFreed(keys: readonly PlacesKey[], now: string): Promise<void> {
    const catalog = await this.catalogs.refresh();
    for (const key of keys) {
      for (let offers = 0; offers < MAX_OFFERS; offers++) {
        const read = (await readPlaces(this.store, [key])).get(placesKeyId(key)) as PlacesRead;
        const first = firstInLineWithPlace(catalog, key, read.state);
        if (!first) break;
        const activity = getActivity(catalog, key.activityId);
        if (!activity?.capacity) break;
        const offerKey = `offer:${placesKeyId(key)}:r${read.revision}`;
        const orderId = `offer-${shortHash(`${offerKey}|${first.familyId}|${first.childId}`)}`;
        const slot = { childId: first.childId, activityId: key.activityId, date: key.date };
        const offered = await this.runner.offerPlace(
          first.familyId,
          { type: 'RequestReservation', data: { orderId, slots: [slot], pricing: await this.pricingOf(first.familyId) }, metadata: { now } },
          { idempotencyKey: offerKey, actor: SYSTEM_ACTOR },
          activity.capacity.offerHoldMinutes,
        );
        if (isLeft(offered)) {
          // It cannot book the day any more (or holds it already): the place goes to the next in line.
          await this.decideOnDay(slot, { idempotencyKey: `${offerKey}:not-bookable`, actor: SYSTEM_ACTOR }, async (_catalog, states) => decideLeaveWaitingList(catalog, first.familyId, slot, states, now, 'not_bookable'), () => 0);
        }
      }
    }
  }

  /** Reads the day's places, decides, appends the events to their stream at the revision read; again on a conflict. */
  private async decideOnDay(
    slot: Slot,
    ctx: CommandContext,
    decide: (catalog: Catalog, states: ReadonlyMap<string, PlacesState>) => Promise<Either<Refusal, { readonly key: PlacesKey; readonly events: readonly PlacesEvent[] }>>,
    rankOf: (state: PlacesState) => number,
  ): Promise<Either<Refusal, { readonly rank: number }>> {
    for (let attempt = 1; ; attempt++) {
      const catalog = await this.catalogs.refresh();
      const reads = await readPlaces(this.store, placesKeysOfDay(catalog, slot.activityId, slot.date));
      const decided = await decide(catalog, new Map([...reads].map(([id, read]) => [id, read.state])));
      if (isLeft(decided)) return left(decided.left);
      const { key, events } = decided.right;
      const read = reads.get(placesKeyId(key)) as PlacesRead;
      if (events.length === 0) return right({ rank: rankOf(read.state) });
      try {
        const { streamId, events: toAppend, expectedRevision } = placesAppend(key, events, read.revision, ctx);
        await this.store.appendToStream(streamId, toAppend, { expectedRevision });
      } catch (error) {
        if (!(error instanceof WrongExpectedRevisionError) || attempt >= ATTEMPTS) throw error;
        await new Promise<void>((resolve) => setTimeout(resolve, Math.random() * Math.min(100, 5 * 2 ** (attempt - 1))));
        continue;
      }
      const joined = events.find((event) => event.type === 'WaitingListJoined');
      return right({ rank: joined?.type === 'WaitingListJoined' ? joined.data.rank : 0 });
    }
  }
}

function shortHash(text: string): string {
  return createHash('sha256').update(text, 'utf8').digest('hex').slice(0, 24);
}
