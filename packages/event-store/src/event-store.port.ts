/**
 * The event-store port: the one interface every adapter (in-memory, SQLite, EventStoreDB)
 * implements and the contract suite checks. Modelled on emmett's `EventStore`.
 *
 * Revisions are 0-based per stream (the first event of a stream has revision 0, an empty
 * stream is "revision -1"), as in EventStoreDB. Global positions are 1-based and strictly
 * increasing in commit order; position 0 means "before everything". Positions need not be
 * contiguous (deleted streams leave holes; EventStoreDB positions are log offsets).
 */

/** An event as the domain produces it: plain data, no class. */
export interface NewEvent<Type extends string = string, Data = unknown, Meta extends EventMetadataInput = EventMetadataInput> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: Meta;
}

/**
 * Metadata the caller supplies. `eventId` is required and deterministic (derived from the
 * command's idempotency key) so that re-appending the same command appends nothing.
 * The store adds `hash` and `previousHash` (hash chain) and `recordedAt`.
 */
export interface EventMetadataInput {
  readonly eventId: string;
  readonly schemaVersion: number;
  readonly correlationId?: string;
  readonly causationId?: string;
  readonly actor?: { readonly userId: string; readonly role: string };
  readonly [key: string]: unknown;
}

export interface StoredEventMetadata extends EventMetadataInput {
  /** SHA-256 (hex) of the previous event of the same stream; '' (empty) for revision 0. */
  readonly previousHash: string;
  /**
   * SHA-256 (hex) over previousHash + canonical JSON of
   * { data, metadata (without hash and previousHash), revision, streamId, type }. See hash-chain.ts.
   */
  readonly hash: string;
  /** ISO 8601 instant at which the store recorded the event (from the store's clock); hashed. */
  readonly recordedAt: string;
}

export interface StoredEvent<Type extends string = string, Data = unknown> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: StoredEventMetadata;
  readonly streamId: string;
  /** 0-based revision within the stream. */
  readonly revision: number;
  /** 1-based position in the global order. */
  readonly position: number;
}

/**
 * What the writer expects the stream to be before the append: `no_stream` (must not exist; -1 is
 * accepted as a synonym), `stream_exists`, `any`, or the exact revision of its last event.
 */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendOptions {
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendResult {
  /**
   * Revision of the last event of the append. When deduplicated: the revision of the last event
   * of the original append (the original result), which the stream may have moved past since.
   */
  readonly nextExpectedRevision: number;
  /** Global position of the last event appended (or of the original event when deduplicated). */
  readonly lastPosition: number;
  /** True when every event id was already in the stream, in order: nothing was appended. */
  readonly deduplicated: boolean;
}

/** One stream's part of a multi-stream append (`appendMany`). */
export interface StreamAppend {
  readonly streamId: string;
  readonly events: readonly NewEvent[];
  readonly expectedRevision: ExpectedRevision;
}

export interface AppendManyResult {
  /** One result per part, in the order given; each as `appendToStream` would answer it (a part already stored answers `deduplicated`). */
  readonly streams: readonly AppendResult[];
  /** Highest global position among the parts' events (written now, or the original ones when deduplicated). */
  readonly lastPosition: number;
  /** True when every part was already stored: nothing was appended. */
  readonly deduplicated: boolean;
}

export interface ReadStreamResult<E extends StoredEvent = StoredEvent> {
  readonly events: readonly E[];
  /**
   * Revision of the stream's last event (whatever `fromRevision`/`maxCount` selected), -1 when
   * the stream does not exist or was deleted.
   */
  readonly currentRevision: number;
  readonly streamExists: boolean;
}

export interface ReadStreamOptions {
  /** First revision to return (inclusive). Default 0. */
  readonly fromRevision?: number;
  readonly maxCount?: number;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > after. Default 0. */
  readonly after?: number;
  /** At most this many events. Default: all of them (page with `limit` on big stores). */
  readonly limit?: number;
}

export interface Subscription {
  /** Resolves once the subscription has stopped and no handler call is running. */
  stop(): Promise<void>;
}

export interface SubscribeOptions {
  /** Exclusive checkpoint: delivery starts after this global position. */
  readonly after: number;
  /** Called in global order, one at a time (awaited) for each batch. */
  readonly handler: (events: readonly StoredEvent[]) => Promise<void> | void;
  /** Largest batch handed to `handler` (default 500). */
  readonly batchSize?: number;
  /**
   * Called once if the handler (or a read) throws; the subscription then stops, and the
   * subscriber resumes later from its own checkpoint. Default: logs to stderr.
   */
  readonly onError?: (error: unknown) => void;
}

export interface EventStore {
  readonly kind: 'memory' | 'sqlite' | 'eventstoredb' | 'postgres';

  /**
   * Appends atomically. Rejects with `WrongExpectedRevisionError`, `EventIdConflictError`,
   * `StreamDeletedError` or `InvalidAppendError` (nothing appended). Resolves only once durable.
   */
  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult>;

  /**
   * Appends to several streams at once, all or nothing, in one durable write: each part is
   * checked as `appendToStream` checks it (expected revision, deleted stream, event ids), and one
   * refused part rejects the call with that part's error with nothing appended. Parts must name
   * distinct streams and event ids must be distinct across the call (`InvalidAppendError`). Events
   * take positions in the order of the parts; each stream keeps its own hash chain. A part whose
   * events are all already in its stream is a replay (`deduplicated`), the others are written: a
   * retry of the same call (same event ids) appends nothing twice. EventStoreDB has no
   * multi-stream transaction: its adapter checks every part first, then writes them one after
   * another, in order; a failure or a racing writer between two parts leaves the earlier ones
   * written, and retrying the same call finishes it (see the adapter's README section).
   */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendManyResult>;

  /** Rejects with `InvalidReadError` for bad options. */
  readStream(streamId: string, options?: ReadStreamOptions): Promise<ReadStreamResult>;

  /** Rejects with `InvalidReadError` for bad options. */
  readAll(options?: ReadAllOptions): Promise<readonly StoredEvent[]>;

  /** Highest global position written so far (0 when empty). */
  headPosition(): Promise<number>;

  /** Catch up from `after`, then follow live appends until stopped. Throws `InvalidReadError` for a bad `after`. */
  subscribeToAll(options: SubscribeOptions): Subscription;

  /**
   * R17 only: removes a person stream for good (its events leave `readStream` and, except on
   * EventStoreDB before its next scavenge, `readAll`; later appends get `StreamDeletedError`).
   * Idempotent. Other streams' hash chains are unaffected.
   */
  deleteStream(streamId: string): Promise<void>;

  close(): Promise<void>;
}

export { WrongExpectedRevisionError } from './event-store.errors';
