/**
 * R23 in the application: the places streams a family command reads and appends to. Before the
 * command is decided, the places of every limited day it may touch are read (`readPlacesFor`),
 * with their revisions; the family decider is told which slots find no place (`view`), and the
 * places events its decision leads to (`appendsFor`: holds for a request, releases for a
 * cancellation, an expiry, a closure) are written in the family command's own `appendMany`, each
 * places stream at the revision it was read at. A conflict on one of them — another family took
 * or gave back a place meanwhile — rejects the append with nothing written, and the runner reads
 * and decides again: never more places held than the day has.
 */
import { randomUUID } from 'node:crypto';
import { WrongExpectedRevisionError, type EventStore, type NewEvent, type StreamAppend } from '@periscol/event-store';
import {
  foldPlaces,
  placeChangesOf,
  placesEventsOf,
  placesKeyId,
  placesKeysNeededBy,
  placesKeysToRead,
  placesView,
  PLACES_EVENT_SCHEMA_VERSION,
  readPlacesEvent,
  type Catalog,
  type FamilyCommand,
  type FamilyEvent,
  type FamilyState,
  type PlacesKey,
  type PlacesEvent,
  type PlacesState,
  type PlacesView,
  type SchoolOf,
} from '@periscol/reservation-domain';
import { deterministicEventId } from '@periscol/event-store';
import type { CommandContext } from '../commands/command-context';
import { PLACES_STREAM_PREFIX, placesStreamId } from '../streams/stream-names';

export interface PlacesRead {
  readonly key: PlacesKey;
  readonly state: PlacesState;
  readonly revision: number;
}

/** The command's family state moved on to touch a day whose places were not read: read and decide again. */
export class PlacesNotReadError extends Error {}

/**
 * Whether the runner should read the places again and decide again after `error`: another family
 * moved a places stream meanwhile. A conflict on any other stream (the request's recorded answer,
 * R12) stays the caller's, as without places.
 */
export function isPlacesRetry(error: unknown): boolean {
  return (error instanceof WrongExpectedRevisionError && error.streamId.startsWith(PLACES_STREAM_PREFIX)) || error instanceof PlacesNotReadError;
}

export async function readPlaces(store: EventStore, keys: readonly PlacesKey[]): Promise<ReadonlyMap<string, PlacesRead>> {
  const reads = await Promise.all(
    keys.map(async (key): Promise<PlacesRead> => {
      const { events, currentRevision } = await store.readStream(placesStreamId(key));
      return { key, state: foldPlaces(events.map(readPlacesEvent)), revision: currentRevision };
    }),
  );
  return new Map(reads.map((read) => [placesKeyId(read.key), read]));
}

export class PlacesAttempt {
  readonly view: PlacesView;
  private readonly states: ReadonlyMap<string, PlacesState>;
  /** The places streams where the last decision gave a place back (the offer process looks there). */
  released: readonly PlacesKey[] = [];

  constructor(
    private readonly catalog: Catalog,
    private readonly reads: ReadonlyMap<string, PlacesRead>,
    private readonly schoolOf: SchoolOf,
    private readonly now: string,
    private readonly ctx: CommandContext,
    /** The decision offers a place to the first in line, held until `expiresAt` (R23). */
    private readonly offer?: { readonly expiresAt: string },
  ) {
    this.states = new Map([...reads].map(([id, read]) => [id, read.state]));
    this.view = placesView(catalog, this.states, schoolOf);
  }

  /** The places streams' appends of the family's decision (`events`, decided on `before`). */
  appendsFor(before: FamilyState, events: readonly FamilyEvent[]): StreamAppend[] {
    this.released = [];
    const changes = placeChangesOf(this.catalog, before, events);
    if (changes.length === 0) return [];
    const missing = placesKeysNeededBy(this.catalog, changes, this.schoolOf).filter((key) => !this.reads.has(placesKeyId(key)));
    if (missing.length > 0) throw new PlacesNotReadError(`The places of ${missing.map(placesKeyId).join(', ')} were not read`);
    const decided = placesEventsOf(this.catalog, changes, this.states, this.schoolOf, this.now, this.offer);
    // The family decider saw the same states: a hold it granted is never refused here.
    if (decided._tag === 'Left') throw new Error(`Places refused a hold the family decider granted: ${decided.left.message}`);
    const appends: StreamAppend[] = [];
    for (const [id, { key, events: placesEvents }] of decided.right) {
      const read = this.reads.get(id);
      if (!read) throw new PlacesNotReadError(`The places of ${id} were not read`);
      if (placesEvents.some((event) => event.type === 'PlaceReleased')) this.released = [...this.released, key];
      appends.push(placesAppend(key, placesEvents, read.revision, this.ctx));
    }
    return appends;
  }
}

/** The append of `events` to one places stream at the revision it was read at, event ids derived from the command's key (R12). */
export function placesAppend(key: PlacesKey, events: readonly PlacesEvent[], revision: number, ctx: CommandContext): StreamAppend {
  const streamId = placesStreamId(key);
  const eventIdAt = (index: number) => (ctx.idempotencyKey ? deterministicEventId(`${streamId}:${ctx.idempotencyKey}`, index) : randomUUID());
  const toAppend: NewEvent[] = events.map((event, index) => ({
    type: event.type,
    data: event.data,
    metadata: {
      eventId: eventIdAt(index),
      schemaVersion: PLACES_EVENT_SCHEMA_VERSION,
      ...(ctx.correlationId ? { correlationId: ctx.correlationId } : {}),
      causationId: ctx.causationId ?? ctx.idempotencyKey,
      actor: ctx.actor,
    },
  }));
  return { streamId, events: toAppend, expectedRevision: revision === -1 ? 'no_stream' : revision };
}

/** Reads the places `command` may touch, decided on `state` (the family's, as last known). */
export async function preparePlaces(
  store: EventStore,
  catalog: Catalog,
  command: FamilyCommand,
  state: FamilyState,
  schoolOf: SchoolOf,
  ctx: CommandContext,
  offer?: { readonly expiresAt: string },
): Promise<PlacesAttempt> {
  const reads = await readPlaces(store, placesKeysToRead(catalog, command, state));
  return new PlacesAttempt(catalog, reads, schoolOf, command.metadata.now, ctx, offer);
}
