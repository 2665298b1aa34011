/**
 * R23: how a family's decision moves places, decided in the domain so that the application only
 * reads and appends. A family command's events take or give back places:
 * - `ReservationRequested`: each slot of a limited day takes a place (held while the order is
 *   pending, kept once it is confirmed);
 * - `ReservationExpired` (timeout, abandoned, closure) of a pending order: its places are given back;
 * - `ReservationCancelled` (the parent's, or a closure's): the cancelled slots' places are given back;
 * - `ReservationConfirmed` of an order already expired (a late payment, R7): its places are taken again.
 * The family decider is told which slots find no place (`placesView`, DAY_FULL) and the places
 * decider then grants exactly those holds; both read the same places states, appended with their
 * streams' expected revisions in the family command's atomic append (R13).
 */
import { right, type Either } from 'fp-ts/Either';
import type { Catalog } from '../catalog/catalog.types';
import type { IsoDate } from '../shared';
import type { FamilyCommand, Slot } from '../family/family.commands';
import type { FamilyEvent } from '../family/family.events';
import { evolveFamily } from '../family/family.evolve';
import type { FamilyState } from '../family/family.state';
import type { PlacesView } from '../family/decide/decision-context';
import { refuse, type Refusal } from '../family/refusal';
import { slotBookingProblem } from '../family/decide/slot-rules';
import { familyStateAt } from '../family/family.queries';
import { slotKeyOf } from '../family/family.state';
import { epochMsOfInstant } from '../family/internal/instant-format';
import { getActivity } from '../catalog/load-catalog';
import { schoolKey } from '../catalog/school-name';
import type { PlaceReleaseReason, PlacesEvent, WaitingListLeaveReason } from './places.events';
import { decidePlaces, decidePlacesInTurn, type PlacesCommand } from './places.decide';
import { placesFor, placesKeyId, placesKeysOfDay, type PlacesKey } from './places-key';
import { placeFreeFor, placeHolderKey, placesTaken, waitingRank, type PlacesState, type Waiter } from './places.state';

/** One place taken or given back by a family's decision. */
export interface PlaceChange {
  readonly kind: 'hold' | 'release';
  readonly activityId: string;
  readonly date: IsoDate;
  readonly familyId: string;
  readonly childId: string;
  readonly orderId: string;
  readonly reason?: PlaceReleaseReason;
}

/** A child's school, from the person stream (R17: never in the family stream), for a school's own places. */
export type SchoolOf = (familyId: string, childId: string) => string | undefined;

/** The places `events`, decided on `before`, take and give back, in order. */
export function placeChangesOf(catalog: Catalog, before: FamilyState, events: readonly FamilyEvent[]): readonly PlaceChange[] {
  const changes: PlaceChange[] = [];
  const limited = (line: { readonly activityId: string }) => catalog.activities.some((activity) => activity.id === line.activityId && activity.capacity !== undefined);
  let state = before;
  for (const event of events) {
    const familyId = state.status === 'registered' ? state.familyId : '';
    switch (event.type) {
      case 'ReservationRequested':
        for (const line of event.data.lines.filter(limited)) changes.push({ kind: 'hold', activityId: line.activityId, date: line.date, familyId: event.data.familyId, childId: line.childId, orderId: event.data.orderId });
        break;
      case 'ReservationExpired': {
        const order = state.orders.get(event.data.orderId);
        if (order?.status !== 'pending') break;
        for (const line of order.lines.filter(limited)) {
          changes.push({ kind: 'release', activityId: line.activityId, date: line.date, familyId, childId: line.childId, orderId: order.orderId, reason: event.data.reason });
        }
        break;
      }
      case 'ReservationCancelled': {
        const reason = event.data.reason === 'closure' ? 'closure' : 'cancelled';
        for (const line of event.data.lines.filter(limited)) changes.push({ kind: 'release', activityId: line.activityId, date: line.date, familyId: event.data.familyId, childId: line.childId, orderId: line.orderId, reason });
        break;
      }
      case 'ReservationConfirmed': {
        const order = state.orders.get(event.data.orderId);
        if (order?.status !== 'expired') break;
        for (const line of order.lines.filter(limited)) changes.push({ kind: 'hold', activityId: line.activityId, date: line.date, familyId, childId: line.childId, orderId: order.orderId });
        break;
      }
      default:
        break;
    }
    state = evolveFamily(state, event);
  }
  return changes;
}

/** The places streams `changes` need read: a hold's own, every stream of a release's day (the place may be a school's). */
export function placesKeysNeededBy(catalog: Catalog, changes: readonly PlaceChange[], schoolOf: SchoolOf): readonly PlacesKey[] {
  const keys: PlacesKey[] = [];
  for (const change of changes) {
    if (change.kind === 'hold') {
      const places = placesFor(catalog, change.activityId, change.date, schoolOf(change.familyId, change.childId));
      if (places) keys.push(places.key);
    } else {
      keys.push(...placesKeysOfDay(catalog, change.activityId, change.date));
    }
  }
  return distinctKeys(keys);
}

/**
 * The places streams to read before deciding `command` on `state`: every limited day the command
 * names (its slots, its closed day, its order's lines) and the lines of every pending order (a
 * hold found over is expired by any command, R6, and gives its places back).
 */
export function placesKeysToRead(catalog: Catalog, command: FamilyCommand, state: FamilyState): readonly PlacesKey[] {
  const days: { activityId: string; date: IsoDate }[] = [];
  switch (command.type) {
    case 'RequestReservation':
    case 'CancelReservation':
      days.push(...command.data.slots);
      break;
    case 'CloseServiceDay':
      days.push({ activityId: command.data.activityId, date: command.data.date });
      break;
    case 'ConfirmPayment':
    case 'ConfirmWithCredit':
    case 'AbandonOrder':
    case 'ExpireOrder':
      days.push(...(state.orders.get(command.data.orderId)?.lines ?? []));
      break;
    default:
      break;
  }
  for (const orderId of state.pendingOrderIds) days.push(...(state.orders.get(orderId)?.lines ?? []));
  return distinctKeys(days.flatMap((day) => placesKeysOfDay(catalog, day.activityId, day.date)));
}

function distinctKeys(keys: readonly PlacesKey[]): PlacesKey[] {
  const seen = new Map<string, PlacesKey>();
  for (const key of keys) seen.set(placesKeyId(key), key);
  return [...seen.values()];
}

function stateOf(states: ReadonlyMap<string, PlacesState>, key: PlacesKey): PlacesState {
  const state = states.get(placesKeyId(key));
  if (!state) throw new Error(`The places of ${placesKeyId(key)} were not read`);
  return state;
}

/** What the family decider asks (`PlacesView`), answered from the places states read. */
export function placesView(catalog: Catalog, states: ReadonlyMap<string, PlacesState>, schoolOf: SchoolOf): PlacesView {
  return {
    unplaced(familyId: string, slots: readonly Slot[], alive: (orderId: string) => boolean): readonly Slot[] {
      const left = new Map<string, number>();
      const unplaced: Slot[] = [];
      for (const slot of slots) {
        const places = placesFor(catalog, slot.activityId, slot.date, schoolOf(familyId, slot.childId));
        if (!places) continue;
        const state = stateOf(states, places.key);
        const holder = state.holders.get(placeHolderKey(familyId, slot.childId));
        if (holder && alive(holder.orderId)) continue;
        const id = placesKeyId(places.key);
        // The family's places held for orders this decision expires are given back before it takes any.
        let givenBack = 0;
        for (const held of state.holders.values()) if (held.familyId === familyId && !alive(held.orderId)) givenBack++;
        const remaining = left.get(id) ?? places.places - placesTaken(state) + givenBack;
        if (!placeFreeFor(state, remaining, familyId, slot.childId)) unplaced.push(slot);
        else left.set(id, remaining - 1);
      }
      return unplaced;
    },
  };
}

/**
 * The places events of `changes`, per places stream (`placesKeyId`), each stream's changes
 * decided in turn by the places decider on its state read. A hold refused (DAY_FULL) refuses
 * them all: the family decider, told the same states, should have refused the slot first.
 */
export function placesEventsOf(
  catalog: Catalog,
  changes: readonly PlaceChange[],
  states: ReadonlyMap<string, PlacesState>,
  schoolOf: SchoolOf,
  now: string,
  /** The decision is the offer of a place to the first in line (R23): its holds are offers, until the order's end. */
  offer?: { readonly expiresAt: string },
): Either<Refusal, ReadonlyMap<string, { readonly key: PlacesKey; readonly events: readonly PlacesEvent[] }>> {
  const current = new Map<string, PlacesState>();
  const out = new Map<string, { key: PlacesKey; events: PlacesEvent[] }>();
  const decideOn = (key: PlacesKey, command: PlacesCommand): Either<Refusal, readonly PlacesEvent[]> => {
    const id = placesKeyId(key);
    const decided = decidePlacesInTurn([command], current.get(id) ?? stateOf(states, key));
    if (decided._tag === 'Left') return decided;
    current.set(id, decided.right.state);
    if (decided.right.events.length > 0) {
      const entry = out.get(id) ?? { key, events: [] };
      entry.events.push(...decided.right.events);
      out.set(id, entry);
    }
    return right(decided.right.events);
  };
  for (const change of changes) {
    const { familyId, childId, orderId } = change;
    if (change.kind === 'hold') {
      const places = placesFor(catalog, change.activityId, change.date, schoolOf(familyId, childId));
      if (!places) continue;
      const decided = decideOn(places.key, { type: 'HoldPlace', data: { familyId, childId, orderId, places: places.places, ...(offer ? { offer } : {}) }, metadata: { now } });
      if (decided._tag === 'Left') return decided;
    } else {
      // The place may be held in any stream of the day (the child's school may have changed since).
      const key = placesKeysOfDay(catalog, change.activityId, change.date).find((candidate) => {
        const state = current.get(placesKeyId(candidate)) ?? stateOf(states, candidate);
        return state.holders.get(placeHolderKey(familyId, childId))?.orderId === orderId;
      });
      if (!key) continue;
      const decided = decideOn(key, { type: 'ReleasePlace', data: { familyId, childId, orderId, reason: change.reason ?? 'cancelled' }, metadata: { now } });
      if (decided._tag === 'Left') return decided;
    }
  }
  return right(out);
}

/**
 * Joining the waiting list of a day (R23): the slot must be one the family could book (R2: its
 * child, enrolled, the day open, before the deadline) and not hold already (SLOT_TAKEN); then the
 * places decider puts the child in line, or refuses PLACE_LEFT when a place is free for it.
 */
export function decideJoinWaitingList(
  catalog: Catalog,
  family: FamilyState,
  slot: Slot,
  school: string | undefined,
  states: ReadonlyMap<string, PlacesState>,
  now: string,
): Either<Refusal, { readonly key: PlacesKey; readonly events: readonly PlacesEvent[] }> {
  if (family.status !== 'registered') return refuse('FAMILY_NOT_REGISTERED', 'This family is not registered');
  const working = familyStateAt(family, now);
  const problem = slotBookingProblem(catalog, working, slot, epochMsOfInstant(now), true, school);
  if (problem) return refuse(problem.code, problem.message);
  const places = placesFor(catalog, slot.activityId, slot.date, school);
  if (!places) return refuse('PLACE_LEFT', `${slot.activityId} has no limit of places: book the day`);
  if (working.slots.has(slotKeyOf(slot.childId, slot.activityId, slot.date))) return refuse('SLOT_TAKEN', `${slot.childId} already holds ${slot.activityId} on ${slot.date}`);
  const decided = decidePlaces({ type: 'JoinWaitingList', data: { familyId: working.familyId, childId: slot.childId, places: places.places }, metadata: { now } }, stateOf(states, places.key));
  if (decided._tag === 'Left') return decided;
  return right({ key: places.key, events: decided.right });
}

/** Withdrawing a child from a day's waiting list (R23), in whichever stream of the day it waits. */
export function decideLeaveWaitingList(
  catalog: Catalog,
  familyId: string,
  slot: Slot,
  states: ReadonlyMap<string, PlacesState>,
  now: string,
  reason: WaitingListLeaveReason = 'withdrawn',
): Either<Refusal, { readonly key: PlacesKey; readonly events: readonly PlacesEvent[] }> {
  const keys = placesKeysOfDay(catalog, slot.activityId, slot.date);
  const key = keys.find((candidate) => waitingRank(stateOf(states, candidate), familyId, slot.childId) > 0);
  if (!key) return refuse('NOT_WAITING', `${slot.childId} is not on the waiting list of ${slot.activityId} on ${slot.date}`);
  const decided = decidePlaces({ type: 'LeaveWaitingList', data: { familyId, childId: slot.childId, reason }, metadata: { now } }, stateOf(states, key));
  if (decided._tag === 'Left') return decided;
  return right({ key, events: decided.right });
}

/** The first in line when a place is free for it (R23: the one to offer it to), else undefined. */
export function firstInLineWithPlace(catalog: Catalog, key: PlacesKey, state: PlacesState): Waiter | undefined {
  const capacity = getActivity(catalog, key.activityId)?.capacity;
  if (!capacity || state.waiting.length === 0) return undefined;
  const places = key.site === null ? capacity.placesPerDay : Object.entries(capacity.bySite ?? {}).find(([site]) => schoolKey(site) === key.site)?.[1];
  if (places === undefined) return undefined;
  return places - placesTaken(state) > 0 ? state.waiting[0] : undefined;
}
