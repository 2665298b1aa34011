/**
 * The event-store port: the one interface every adapter (in-memory, SQLite, EventStoreDB)
 * implements and the contract suite checks. Modelled on emmett's `EventStore`.
 *
 * Revisions are 0-based per stream (the first event of a stream has revision 0, an empty
 * stream is "revision -1"), as in EventStoreDB. Global positions are 1-based and strictly
 * increasing in commit order; position 0 means "before everything".
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
  /** SHA-256 (hex) over previousHash + canonical JSON of { type, data, metadata without hash }. */
  readonly hash: string;
  /** ISO 8601 instant at which the store recorded the event (from the store's clock). */
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

/** What the writer expects the stream to be before the append. */
export type ExpectedRevision = 'no_stream' | 'stream_exists' | 'any' | number;

export interface AppendResult {
  /** Revision of the last event of the stream after the append. */
  readonly nextExpectedRevision: number;
  /** Global position of the last event appended (or of the original event when deduplicated). */
  readonly lastPosition: number;
  /** True when every event id was already in the stream: nothing was appended. */
  readonly deduplicated: boolean;
}

export interface ReadStreamResult<E extends StoredEvent = StoredEvent> {
  readonly events: readonly E[];
  /** Revision of the last event, -1 when the stream does not exist. */
  readonly currentRevision: number;
  readonly streamExists: boolean;
}

export interface ReadAllOptions {
  /** Exclusive: events with position > after. Default 0. */
  readonly after?: number;
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
  readonly batchSize?: number;
  readonly onError?: (error: unknown) => void;
}

export interface EventStore {
  readonly kind: 'memory' | 'sqlite' | 'eventstoredb';

  appendToStream(streamId: string, events: readonly NewEvent[], options: { expectedRevision: ExpectedRevision }): Promise<AppendResult>;

  readStream(streamId: string, options?: { fromRevision?: number; maxCount?: number }): Promise<ReadStreamResult>;

  readAll(options?: ReadAllOptions): Promise<readonly StoredEvent[]>;

  /** Highest global position written so far (0 when empty). */
  headPosition(): Promise<number>;

  /** Catch up from `after`, then follow live appends until stopped. */
  subscribeToAll(options: SubscribeOptions): Subscription;

  /** R17 only: removes a person stream. Other streams' hash chains are unaffected. */
  deleteStream(streamId: string): Promise<void>;

  close(): Promise<void>;
}

/** The one conflict error every adapter raises when the expected revision does not hold. */
export class WrongExpectedRevisionError extends Error {
  readonly code = 'WRONG_EXPECTED_REVISION' as const;
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}
