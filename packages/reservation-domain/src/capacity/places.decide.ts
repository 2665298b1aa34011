/**
 * R23 — the places decider: one stream per activity and date (and school, for a school's own
 * places), whose state counts the places taken. A hold is granted while places are left, and
 * refused DAY_FULL otherwise: never more children held than places, whatever the interleaving,
 * because every hold is appended with the stream's expected revision (R13). A child already
 * holding a place for the same order changes nothing; for another order, the place moves to it.
 * A release gives back the place of a child held for that order; anything else changes nothing.
 *
 * The waiting list is served first: a child waiting at rank r takes a place only when r places
 * are free, a child not waiting only when more places are free than children wait. A hold made
 * for the first in line by the offer process (`offer`) is recorded `PlaceOffered`. Joining the
 * line: refused SLOT_TAKEN for a child holding a place, PLACE_LEFT when a place is free for it
 * (book it instead); joining again changes nothing. Withdrawing: NOT_WAITING when it does not wait.
 */
import { right, type Either } from 'fp-ts/Either';
import type { Instant } from '../shared';
import { refuse, type Refusal } from '../family/refusal';
import type { PlaceHeld, PlaceOffered, PlaceReleased, PlaceReleaseReason, PlacesEvent, WaitingListLeaveReason } from './places.events';
import { evolvePlaces, placeFreeFor, placeHolderKey, placesTaken, waitingRank, type PlacesState } from './places.state';

export interface HoldPlace {
  readonly type: 'HoldPlace';
  readonly data: {
    readonly familyId: string;
    readonly childId: string;
    readonly orderId: string;
    readonly places: number;
    /** Made by the offer process for the first in line: the order's end. */
    readonly offer?: { readonly expiresAt: Instant };
  };
  readonly metadata: { readonly now: Instant };
}

export interface JoinWaitingList {
  readonly type: 'JoinWaitingList';
  readonly data: { readonly familyId: string; readonly childId: string; readonly places: number };
  readonly metadata: { readonly now: Instant };
}

export interface LeaveWaitingList {
  readonly type: 'LeaveWaitingList';
  readonly data: { readonly familyId: string; readonly childId: string; readonly reason: WaitingListLeaveReason };
  readonly metadata: { readonly now: Instant };
}

export interface ReleasePlace {
  readonly type: 'ReleasePlace';
  readonly data: { readonly familyId: string; readonly childId: string; readonly orderId: string; readonly reason: PlaceReleaseReason };
  readonly metadata: { readonly now: Instant };
}

export type PlacesCommand = HoldPlace | ReleasePlace | JoinWaitingList | LeaveWaitingList;

export function decidePlaces(command: PlacesCommand, state: PlacesState): Either<Refusal, readonly PlacesEvent[]> {
  const { familyId, childId } = command.data;
  const holder = state.holders.get(placeHolderKey(familyId, childId));
  switch (command.type) {
    case 'JoinWaitingList': {
      if (holder) return refuse('SLOT_TAKEN', `${childId} already holds a place (order ${holder.orderId})`);
      if (waitingRank(state, familyId, childId) > 0) return right([]);
      if (placeFreeFor(state, command.data.places - placesTaken(state), familyId, childId)) return refuse('PLACE_LEFT', 'A place is left that day: book it');
      return right([{ type: 'WaitingListJoined', data: { familyId, childId, rank: state.waiting.length + 1, joinedAt: command.metadata.now } }]);
    }
    case 'LeaveWaitingList': {
      if (waitingRank(state, familyId, childId) === 0) return refuse('NOT_WAITING', `${childId} is not on the waiting list`);
      return right([{ type: 'WaitingListLeft', data: { familyId, childId, reason: command.data.reason, leftAt: command.metadata.now } }]);
    }
    case 'HoldPlace': {
      const { orderId } = command.data;
      if (holder?.orderId === orderId) return right([]);
      if (!holder && !placeFreeFor(state, command.data.places - placesTaken(state), familyId, childId)) {
        return refuse('DAY_FULL', `No place left (${placesTaken(state)} of ${command.data.places} taken, ${state.waiting.length} waiting)`, { places: command.data.places });
      }
      if (command.data.offer) {
        const offered: PlaceOffered = { type: 'PlaceOffered', data: { familyId, childId, orderId, expiresAt: command.data.offer.expiresAt, offeredAt: command.metadata.now } };
        return right([offered]);
      }
      const held: PlaceHeld = { type: 'PlaceHeld', data: { familyId, childId, orderId, heldAt: command.metadata.now } };
      return right([held]);
    }
    case 'ReleasePlace': {
      const { orderId } = command.data;
      if (holder?.orderId !== orderId) return right([]);
      const released: PlaceReleased = { type: 'PlaceReleased', data: { familyId, childId, orderId, reason: command.data.reason, releasedAt: command.metadata.now } };
      return right([released]);
    }
    default: {
      const _exhaustive: never = command;
      return refuse('INVALID_COMMAND', `Unknown command ${(_exhaustive as { type: string }).type}`);
    }
  }
}

/** Decides `commands` one after another on `state`, each on the state the previous ones left. */
export function decidePlacesInTurn(commands: readonly PlacesCommand[], state: PlacesState): Either<Refusal, { readonly events: readonly PlacesEvent[]; readonly state: PlacesState }> {
  const events: PlacesEvent[] = [];
  let current = state;
  for (const command of commands) {
    const decided = decidePlaces(command, current);
    if (decided._tag === 'Left') return decided;
    for (const event of decided.right) {
      events.push(event);
      current = evolvePlaces(current, event);
    }
  }
  return right({ events, state: current });
}
