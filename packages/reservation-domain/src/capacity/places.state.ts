/**
 * R23: the state of one places stream — who holds a place that day, one place per child. A place
 * is held from the family's request (a pending order's hold, R6) and kept once the order is
 * confirmed (R7); it is given back when the slot is cancelled, the order expires or is abandoned,
 * or the day is closed.
 */
import type { PlacesEvent } from './places.events';

export interface PlaceHolder {
  readonly familyId: string;
  readonly childId: string;
  readonly orderId: string;
  /** Held by an order made for the first of the waiting list (`PlaceOffered`). */
  readonly offered?: true;
}

/** A child waiting for a place, in the order they joined. */
export interface Waiter {
  readonly familyId: string;
  readonly childId: string;
  readonly joinedAt: string;
}

export interface PlacesState {
  /** By `placeHolderKey` (familyId|childId): a child takes one place, whatever its order. */
  readonly holders: ReadonlyMap<string, PlaceHolder>;
  /** The waiting list, first in line first. */
  readonly waiting: readonly Waiter[];
}

const EMPTY: PlacesState = { holders: new Map(), waiting: [] };

export function initialPlacesState(): PlacesState {
  return EMPTY;
}

export function placeHolderKey(familyId: string, childId: string): string {
  return `${familyId}|${childId}`;
}

/** How many places are taken (held by a pending order — an offer's included — or by a confirmed reservation). */
export function placesTaken(state: PlacesState): number {
  return state.holders.size;
}

/**
 * Whether a child finds a place among `free` places (`places` − taken): the waiting list is
 * served first, so a child waiting at rank r needs r free places, and a child not waiting one
 * more than the whole line.
 */
export function placeFreeFor(state: PlacesState, free: number, familyId: string, childId: string): boolean {
  const rank = waitingRank(state, familyId, childId);
  return free > (rank > 0 ? rank - 1 : state.waiting.length);
}

/** The rank (1 = first in line) of a waiting child, or 0 when it does not wait. */
export function waitingRank(state: PlacesState, familyId: string, childId: string): number {
  return state.waiting.findIndex((waiter) => waiter.familyId === familyId && waiter.childId === childId) + 1;
}

const withoutWaiter = (waiting: readonly Waiter[], familyId: string, childId: string) => waiting.filter((waiter) => waiter.familyId !== familyId || waiter.childId !== childId);

export function evolvePlaces(state: PlacesState, event: PlacesEvent): PlacesState {
  switch (event.type) {
    case 'PlaceHeld':
    case 'PlaceOffered': {
      // A waiting child that takes a place (offered, or booked itself) leaves the line.
      const { familyId, childId, orderId } = event.data;
      const holders = new Map(state.holders);
      holders.set(placeHolderKey(familyId, childId), event.type === 'PlaceOffered' ? { familyId, childId, orderId, offered: true } : { familyId, childId, orderId });
      return { holders, waiting: withoutWaiter(state.waiting, familyId, childId) };
    }
    case 'WaitingListJoined': {
      const { familyId, childId, joinedAt } = event.data;
      if (waitingRank(state, familyId, childId) > 0) return state;
      return { ...state, waiting: [...state.waiting, { familyId, childId, joinedAt }] };
    }
    case 'WaitingListLeft':
      return { ...state, waiting: withoutWaiter(state.waiting, event.data.familyId, event.data.childId) };
    case 'PlaceReleased': {
      const key = placeHolderKey(event.data.familyId, event.data.childId);
      if (state.holders.get(key)?.orderId !== event.data.orderId) return state;
      const holders = new Map(state.holders);
      holders.delete(key);
      return { ...state, holders };
    }
    default:
      return state;
  }
}

export function foldPlaces(events: readonly PlacesEvent[], state: PlacesState = initialPlacesState()): PlacesState {
  return events.reduce(evolvePlaces, state);
}
