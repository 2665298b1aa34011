/**
 * The append rules every adapter shares, so that they cannot drift apart: input validation,
 * the expected-revision check, event-id replay detection and hash chaining.
 */
import { CanonicalEntry, canonicalEntries, canonicalJson, joinCanonicalEntries, NotJsonError } from './canonical-json';
import { EventIdConflictError, InvalidAppendError } from './event-store.errors';
import type { AppendManyResult, AppendResult, ExpectedRevision, NewEvent, StreamAppend } from './event-store.port';
import { computeEventHash, STORE_METADATA_KEYS } from './hash-chain';

/** A validated event, serialised once. */
export interface PreparedEvent {
  readonly eventId: string;
  readonly type: string;
  readonly data: unknown;
  /** Canonical JSON of the data, as stored and hashed. */
  readonly dataJson: string;
  /** Caller's metadata (no store keys yet). */
  readonly metadata: Readonly<Record<string, unknown>>;
  /** The same, serialised: sorted canonical entries. */
  readonly metadataEntries: readonly CanonicalEntry[];
}

/** An event ready to be written: revision, recordedAt and hashes filled in. */
export interface ChainedRecord {
  readonly streamId: string;
  readonly revision: number;
  readonly eventId: string;
  readonly type: string;
  readonly dataJson: string;
  /** Canonical JSON of the full stored metadata (with recordedAt, previousHash, hash). */
  readonly metadataJson: string;
  readonly recordedAt: string;
  readonly hash: string;
}

const MAX_STREAM_ID_LENGTH = 512;

export function validateStreamId(streamId: unknown): asserts streamId is string {
  if (typeof streamId !== 'string' || streamId.length === 0 || streamId.length > MAX_STREAM_ID_LENGTH || streamId.startsWith('$')) {
    throw new InvalidAppendError('INVALID_STREAM_ID', `stream id must be a non-empty string of at most ${MAX_STREAM_ID_LENGTH} characters not starting with '$'`);
  }
}

export function validateExpectedRevision(expected: unknown): asserts expected is ExpectedRevision {
  if (expected === 'no_stream' || expected === 'stream_exists' || expected === 'any') return;
  if (typeof expected === 'number' && Number.isSafeInteger(expected) && expected >= -1) return;
  throw new InvalidAppendError('INVALID_EXPECTED_REVISION', `expected revision must be 'no_stream', 'stream_exists', 'any' or an integer >= -1, got ${String(expected)}`);
}

/** Validates an append's input and serialises its events; throws `InvalidAppendError`. */
export function prepareAppend(
  streamId: string,
  events: readonly NewEvent[],
  expectedRevision: ExpectedRevision,
  options: { requireUuidEventIds?: boolean } = {},
): PreparedEvent[] {
  validateStreamId(streamId);
  validateExpectedRevision(expectedRevision);
  if (!Array.isArray(events) || events.length === 0) throw new InvalidAppendError('EMPTY_APPEND', 'an append needs at least one event');
  const seen = new Set<string>();
  return events.map((event, index) => {
    const at = `event ${index}`;
    if (!event || typeof event !== 'object') throw new InvalidAppendError('INVALID_EVENT', `${at} is not an object`);
    if (typeof event.type !== 'string' || event.type.length === 0 || event.type.startsWith('$')) {
      throw new InvalidAppendError('INVALID_EVENT', `${at}: type must be a non-empty string not starting with '$'`);
    }
    const metadata = event.metadata as unknown;
    if (!metadata || typeof metadata !== 'object' || Array.isArray(metadata)) throw new InvalidAppendError('INVALID_EVENT', `${at}: metadata must be an object`);
    const meta = metadata as Record<string, unknown>;
    const eventId = meta.eventId;
    if (typeof eventId !== 'string' || eventId.length === 0) throw new InvalidAppendError('INVALID_EVENT_ID', `${at}: metadata.eventId must be a non-empty string`);
    if (options.requireUuidEventIds && !/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i.test(eventId)) {
      throw new InvalidAppendError('INVALID_EVENT_ID', `${at}: this store needs UUID event ids (use deterministicEventId), got ${eventId}`);
    }
    if (seen.has(eventId)) throw new InvalidAppendError('DUPLICATE_EVENT_ID_IN_BATCH', `${at}: event id ${eventId} appears twice in the batch`);
    seen.add(eventId);
    const schemaVersion = meta.schemaVersion;
    if (typeof schemaVersion !== 'number' || !Number.isSafeInteger(schemaVersion) || schemaVersion < 1) {
      throw new InvalidAppendError('INVALID_EVENT', `${at}: metadata.schemaVersion must be an integer >= 1`);
    }
    for (const key of STORE_METADATA_KEYS) {
      if (key in meta) throw new InvalidAppendError('RESERVED_METADATA', `${at}: metadata.${key} is set by the store`);
    }
    let dataJson: string;
    let metadataEntries: CanonicalEntry[];
    try {
      dataJson = canonicalJson(event.data);
      metadataEntries = canonicalEntries(meta);
    } catch (error) {
      if (error instanceof NotJsonError) throw new InvalidAppendError('NOT_JSON', `${at}: ${error.message}`);
      throw error;
    }
    return { eventId, type: event.type, data: event.data, dataJson, metadata: meta, metadataEntries };
  });
}

/** One validated part of a multi-stream append. */
export interface PreparedPart {
  readonly streamId: string;
  readonly expected: ExpectedRevision;
  readonly events: readonly PreparedEvent[];
}

/**
 * Validates a multi-stream append: at least one part, each valid as an `appendToStream`, distinct
 * streams, event ids distinct across the parts. Throws `InvalidAppendError`.
 */
export function prepareAppendMany(appends: readonly StreamAppend[], options: { requireUuidEventIds?: boolean } = {}): PreparedPart[] {
  if (!Array.isArray(appends) || appends.length === 0) throw new InvalidAppendError('EMPTY_APPEND', 'a multi-stream append needs at least one part');
  const streams = new Set<string>();
  const eventIds = new Set<string>();
  return appends.map((part, index) => {
    if (!part || typeof part !== 'object') throw new InvalidAppendError('INVALID_STREAM_ID', `part ${index} is not an object`);
    const events = prepareAppend(part.streamId, part.events, part.expectedRevision, options);
    if (streams.has(part.streamId)) throw new InvalidAppendError('DUPLICATE_STREAM_IN_APPEND', `part ${index}: stream ${part.streamId} appears twice in the append`);
    streams.add(part.streamId);
    for (const prepared of events) {
      if (eventIds.has(prepared.eventId)) throw new InvalidAppendError('DUPLICATE_EVENT_ID_IN_BATCH', `part ${index}: event id ${prepared.eventId} appears twice in the append`);
      eventIds.add(prepared.eventId);
    }
    return { streamId: part.streamId, expected: part.expectedRevision, events };
  });
}

/** The result of a multi-stream append from its parts' results. */
export function combineAppendResults(streams: readonly AppendResult[]): AppendManyResult {
  return {
    streams,
    lastPosition: streams.reduce((highest, result) => Math.max(highest, result.lastPosition), 0),
    deduplicated: streams.every((result) => result.deduplicated),
  };
}

/** Does the stream's current revision (-1: no stream) satisfy the writer's expectation? */
export function expectedRevisionHolds(expected: ExpectedRevision, current: number): boolean {
  switch (expected) {
    case 'any':
      return true;
    case 'no_stream':
      return current === -1;
    case 'stream_exists':
      return current >= 0;
    default:
      return expected === current;
  }
}

export interface ExistingEvent {
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
}

/**
 * Decides what to do with ids already in the store: none exist → undefined (append normally);
 * all exist in this stream at consecutive revisions in batch order → the original result
 * (`deduplicated: true`); anything else → `EventIdConflictError`.
 */
export function resolveReplay(streamId: string, eventIds: readonly string[], find: (eventId: string) => ExistingEvent | undefined): AppendResult | undefined {
  const found = eventIds.map(find);
  if (found.every((existing) => existing === undefined)) return undefined;
  if (found.some((existing) => existing === undefined)) {
    const known = found.findIndex((existing) => existing !== undefined);
    throw new EventIdConflictError(streamId, eventIds[known], 'already exists but other ids of the batch are new: the batch is not a replay');
  }
  const existing = found as ExistingEvent[];
  for (let i = 0; i < existing.length; i++) {
    if (existing[i].streamId !== streamId) throw new EventIdConflictError(streamId, eventIds[i], `already exists in stream ${existing[i].streamId}`);
    if (existing[i].revision !== existing[0].revision + i) throw new EventIdConflictError(streamId, eventIds[i], 'already exists but not in the order of the batch');
  }
  const last = existing[existing.length - 1];
  return { nextExpectedRevision: last.revision, lastPosition: last.position, deduplicated: true };
}

/** Gives each event its revision, recordedAt and place in the stream's hash chain. */
export function chainRecords(streamId: string, events: readonly PreparedEvent[], firstRevision: number, previousHash: string, recordedAt: string): ChainedRecord[] {
  let previous = previousHash;
  const recordedAtEntry: CanonicalEntry = ['recordedAt', JSON.stringify(recordedAt)];
  return events.map((event, i) => {
    const revision = firstRevision + i;
    const hash = computeEventHash(previous, streamId, revision, event.type, event.dataJson, joinCanonicalEntries(event.metadataEntries, [recordedAtEntry]));
    const metadataJson = joinCanonicalEntries(event.metadataEntries, [recordedAtEntry, ['previousHash', JSON.stringify(previous)], ['hash', JSON.stringify(hash)]]);
    previous = hash;
    return { streamId, revision, eventId: event.eventId, type: event.type, dataJson: event.dataJson, metadataJson, recordedAt, hash };
  });
}
