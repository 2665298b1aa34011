/**
 * R23 as properties, over random interleavings of requests, cancellations, abandons, expiries and
 * payments (late ones included) of six families on a Wednesday of three places, each decided as
 * the application does it: the family decider told the places read (`placesView`), then the
 * places decider granting the holds and releases of its events (`placesEventsOf`):
 * - never more places taken than the day has;
 * - the places stream's holders are exactly the children whose family stream holds the day
 *   (pending or reserved): a place is never lost nor kept by a slot given back;
 * - the places decider never refuses what the family decider granted on the same read.
 */
import fc from 'fast-check';
import * as E from 'fp-ts/Either';
import { loadCatalog, demoMunicipality, type Catalog } from '../catalog';
import { createFamilyDecider, foldFamily, slotKeyOf, type FamilyCommand, type FamilyEvent, type FamilyState } from '../family';
import { familyCommand, slot } from '../testing';
import { decideJoinWaitingList, decideLeaveWaitingList, firstInLineWithPlace, placeChangesOf, placesEventsOf, placesView } from './family-places';
import type { PlacesEvent } from './places.events';
import { placesKeyId } from './places-key';
import { evolvePlaces, initialPlacesState, placeHolderKey, placesTaken, waitingRank, type PlacesState } from './places.state';

const PLACES = 3;
const FAMILIES = 6;
const WEDNESDAY = '2026-09-16';
const START_MS = Date.parse('2026-09-01T08:00:00.000Z');
const KEY = placesKeyId({ activityId: 'mercredi', date: WEDNESDAY, site: null });

function catalogWithPlaces(): Catalog {
  const file = structuredClone(demoMunicipality) as unknown as { activities: Record<string, unknown>[] };
  file.activities = file.activities.map((activity) => (activity['id'] === 'mercredi' ? { ...activity, capacity: { placesPerDay: PLACES, offerHoldMinutes: 90 } } : activity));
  const loaded = loadCatalog(file);
  if (E.isLeft(loaded)) throw new Error(loaded.left.message);
  return loaded.right;
}
const catalog = catalogWithPlaces();

type Step = { readonly family: number; readonly kind: 'request' | 'cancel' | 'abandon' | 'expire' | 'pay' | 'wait' };
const stepArb: fc.Arbitrary<Step> = fc.record({
  family: fc.nat(FAMILIES - 1),
  kind: fc.constantFrom<Step['kind']>('request', 'request', 'cancel', 'abandon', 'expire', 'pay', 'wait'),
});

function registered(i: number): FamilyState {
  const now = new Date(START_MS).toISOString();
  const events: FamilyEvent[] = [
    { type: 'FamilyRegistered', data: { familyId: `f${i}`, resident: true, registeredAt: now } },
    { type: 'ChildEnrolled', data: { familyId: `f${i}`, childId: `f${i}-c`, activityIds: ['mercredi'], rank: 1, enrolledAt: now } },
  ];
  return foldFamily(events);
}

/** The command of `step` for its family at `now`, or undefined when it has nothing to act on. */
function commandOf(step: Step, family: FamilyState, n: number, now: string): FamilyCommand | undefined {
  const child = `f${step.family}-c`;
  const holding = family.slots.get(slotKeyOf(child, 'mercredi', WEDNESDAY));
  const lastOrder = [...family.orders.values()].pop();
  switch (step.kind) {
    case 'request':
      return familyCommand('RequestReservation', { orderId: `o${n}`, slots: [slot(child, 'mercredi', WEDNESDAY)], pricing: { quotientFamilial: null } }, now);
    case 'cancel':
      return familyCommand('CancelReservation', { cancellationId: `x${n}`, creditId: `cr${n}`, slots: [slot(child, 'mercredi', WEDNESDAY)] }, now);
    case 'abandon':
      return holding ? familyCommand('AbandonOrder', { orderId: holding.orderId }, now) : undefined;
    case 'expire':
      return holding ? familyCommand('ExpireOrder', { orderId: holding.orderId }, now) : undefined;
    case 'pay':
      return lastOrder && lastOrder.amountDueCents > 0
        ? familyCommand('ConfirmPayment', { paymentId: `p${n}`, orderId: lastOrder.orderId, provider: 'simulated', amountCents: lastOrder.amountDueCents }, now)
        : undefined;
    case 'wait':
      return undefined;
  }
}

describe('places of a day under any interleaving (R23)', () => {
  it('never more taken than places, and held exactly by the children whose family holds the day', () => {
    fc.assert(
      fc.property(fc.array(stepArb, { minLength: 10, maxLength: 80, size: 'max' }), (steps) => {
        const families = Array.from({ length: FAMILIES }, (_, i) => registered(i));
        let places: PlacesState = initialPlacesState();
        let nowMs = START_MS;
        steps.forEach((step, n) => {
          // Time moves on (holds of 60 minutes lapse now and then: late payments, lapsed expiries).
          nowMs += step.kind === 'wait' ? 45 * 60_000 : 60_000;
          const now = new Date(nowMs).toISOString();
          const before = families[step.family];
          const command = commandOf(step, before, n, now);
          if (!command) return;
          const states = new Map([[KEY, places]]);
          const decider = createFamilyDecider({ catalog, holdMinutes: 60, places: placesView(catalog, states, () => undefined) });
          const decided = decider.decide(command, before);
          if (E.isLeft(decided)) return;
          const placed = placesEventsOf(catalog, placeChangesOf(catalog, before, decided.right), states, () => undefined, now);
          if (E.isLeft(placed)) throw new Error(`the places decider refused what the family decider granted: ${placed.left.message}`);
          for (const { events } of placed.right.values()) places = events.reduce(evolvePlaces, places);
          families[step.family] = decided.right.reduce(decider.evolve, before);

          expect(placesTaken(places)).toBeLessThanOrEqual(PLACES);
          const holding = families.flatMap((family, i) => (family.slots.has(slotKeyOf(`f${i}-c`, 'mercredi', WEDNESDAY)) ? [placeHolderKey(`f${i}`, `f${i}-c`)] : []));
          expect([...places.holders.keys()].sort()).toEqual(holding.sort());
        });
      }),
      { numRuns: 200, seed: 20261203 },
    );
  });
});

type LineStep = { readonly family: number; readonly kind: Step['kind'] | 'join' | 'withdraw' };
const lineStepArb: fc.Arbitrary<LineStep> = fc.record({
  family: fc.nat(FAMILIES - 1),
  kind: fc.constantFrom<LineStep['kind']>('request', 'join', 'join', 'withdraw', 'cancel', 'abandon', 'expire', 'pay', 'pay', 'wait'),
});

describe('the waiting list of a full day (R23)', () => {
  it('is served in order: a place given back goes to the first in line, never to someone who joined later or did not wait', () => {
    fc.assert(
      fc.property(fc.array(lineStepArb, { minLength: 10, maxLength: 80, size: 'max' }), (steps) => {
        const families = Array.from({ length: FAMILIES }, (_, i) => registered(i));
        let places: PlacesState = initialPlacesState();
        let nowMs = START_MS;
        const key = { activityId: 'mercredi', date: WEDNESDAY, site: null };
        /** Appends places events, checking each place taken by a waiting child goes to the first in line. */
        const record = (events: readonly PlacesEvent[]) => {
          for (const event of events) {
            if (event.type === 'PlaceHeld' || event.type === 'PlaceOffered') {
              const rank = waitingRank(places, event.data.familyId, event.data.childId);
              // A child served from the line is its first; one not in line takes a place only when nobody waits.
              expect(rank > 0 ? rank : places.waiting.length + 1).toBe(1);
            }
            places = evolvePlaces(places, event);
          }
        };
        /** A family's command decided as the application does it; its places events recorded. */
        const run = (i: number, command: FamilyCommand, holdMinutes = 60, offer?: { expiresAt: string }): boolean => {
          const before = families[i];
          const states = new Map([[KEY, places]]);
          const decider = createFamilyDecider({ catalog, holdMinutes, places: placesView(catalog, states, () => undefined) });
          const decided = decider.decide(command, before);
          if (E.isLeft(decided)) return false;
          const placed = placesEventsOf(catalog, placeChangesOf(catalog, before, decided.right), states, () => undefined, command.metadata.now, offer);
          if (E.isLeft(placed)) throw new Error(`the places decider refused what the family decider granted: ${placed.left.message}`);
          for (const { events } of placed.right.values()) record(events);
          families[i] = decided.right.reduce(decider.evolve, before);
          return true;
        };
        /** The offer process: every place free goes to the first in line (who leaves the line if it cannot book). */
        const offer = (now: string, n: number) => {
          for (let guard = 0; guard < FAMILIES; guard++) {
            const first = firstInLineWithPlace(catalog, key, places);
            if (!first) return;
            const i = Number(first.familyId.slice(1));
            const expiresAt = new Date(Date.parse(now) + 90 * 60_000).toISOString();
            const command = familyCommand('RequestReservation', { orderId: `offer-${n}-${guard}`, slots: [slot(first.childId, 'mercredi', WEDNESDAY)], pricing: { quotientFamilial: null } }, now);
            if (!run(i, command, 90, { expiresAt })) {
              const left = decideLeaveWaitingList(catalog, first.familyId, slot(first.childId, 'mercredi', WEDNESDAY), new Map([[KEY, places]]), now, 'not_bookable');
              if (E.isLeft(left)) throw new Error(left.left.message);
              record(left.right.events);
            }
          }
        };
        steps.forEach((step, n) => {
          nowMs += step.kind === 'wait' ? 45 * 60_000 : 60_000;
          const now = new Date(nowMs).toISOString();
          const child = slot(`f${step.family}-c`, 'mercredi', WEDNESDAY);
          if (step.kind === 'join' || step.kind === 'withdraw') {
            const states = new Map([[KEY, places]]);
            const decided = step.kind === 'join' ? decideJoinWaitingList(catalog, families[step.family], child, undefined, states, now) : decideLeaveWaitingList(catalog, `f${step.family}`, child, states, now);
            if (E.isRight(decided)) record(decided.right.events);
          } else {
            const command = commandOf(step as Step, families[step.family], n, now);
            if (command) run(step.family, command);
          }
          offer(now, n);

          expect(placesTaken(places)).toBeLessThanOrEqual(PLACES);
          // Nobody waits while a place is free, once the offers are made.
          expect(firstInLineWithPlace(catalog, key, places)).toBeUndefined();
          const holding = families.flatMap((family, i) => (family.slots.has(slotKeyOf(`f${i}-c`, 'mercredi', WEDNESDAY)) ? [placeHolderKey(`f${i}`, `f${i}-c`)] : []));
          expect([...places.holders.keys()].sort()).toEqual(holding.sort());
          // A child never both holds a place and waits.
          for (const waiter of places.waiting) expect(places.holders.has(placeHolderKey(waiter.familyId, waiter.childId))).toBe(false);
        });
      }),
      { numRuns: 200, seed: 20261204 },
    );
  });
});
