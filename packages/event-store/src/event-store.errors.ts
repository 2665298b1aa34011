import type { ExpectedRevision } from './event-store.port';

/** Base of every error the store raises on purpose: each carries a stable `code`. */
export abstract class EventStoreError extends Error {
  abstract readonly code: string;
}

/** The one conflict error every adapter raises when the expected revision does not hold. */
export class WrongExpectedRevisionError extends EventStoreError {
  readonly code = 'WRONG_EXPECTED_REVISION' as const;
  constructor(
    readonly streamId: string,
    readonly expected: ExpectedRevision,
    /** Current revision of the stream, -1 when it does not exist. */
    readonly actual: number,
  ) {
    super(`Stream ${streamId}: expected revision ${String(expected)}, actual ${actual}`);
    this.name = 'WrongExpectedRevisionError';
  }
}

/**
 * Some event ids of a batch already exist but the batch is not a replay of one earlier append
 * of this stream (ids mixed with new ones, ids used in another stream, or out of order).
 * Usually an idempotency key reused for another command.
 */
export class EventIdConflictError extends EventStoreError {
  readonly code = 'EVENT_ID_CONFLICT' as const;
  constructor(
    readonly streamId: string,
    readonly eventId: string,
    detail: string,
  ) {
    super(`Stream ${streamId}: event id ${eventId} ${detail}`);
    this.name = 'EventIdConflictError';
  }
}

/** The stream was deleted (R17 retention): it can be neither read nor written again. */
export class StreamDeletedError extends EventStoreError {
  readonly code = 'STREAM_DELETED' as const;
  constructor(readonly streamId: string) {
    super(`Stream ${streamId} was deleted`);
    this.name = 'StreamDeletedError';
  }
}

export type InvalidAppendReason =
  | 'INVALID_STREAM_ID'
  | 'EMPTY_APPEND'
  | 'INVALID_EXPECTED_REVISION'
  | 'INVALID_EVENT'
  | 'INVALID_EVENT_ID'
  | 'DUPLICATE_EVENT_ID_IN_BATCH'
  | 'DUPLICATE_STREAM_IN_APPEND'
  | 'RESERVED_METADATA'
  | 'NOT_JSON';

/** Malformed input to an append: refused before anything is written. */
export class InvalidAppendError extends EventStoreError {
  readonly code = 'INVALID_APPEND' as const;
  constructor(
    readonly reason: InvalidAppendReason,
    message: string,
  ) {
    super(`${reason}: ${message}`);
    this.name = 'InvalidAppendError';
  }
}

export class StoreClosedError extends EventStoreError {
  readonly code = 'STORE_CLOSED' as const;
  constructor() {
    super('The event store is closed');
    this.name = 'StoreClosedError';
  }
}

/** The SQLite file could not be opened with WAL + synchronous=FULL: refusing to run. */
export class StoreNotDurableError extends EventStoreError {
  readonly code = 'STORE_NOT_DURABLE' as const;
  constructor(detail: string) {
    super(`SQLite store is not durable: ${detail}`);
    this.name = 'StoreNotDurableError';
  }
}

/** The SQLite file was written by a newer schema version than this code knows. */
export class StoreSchemaTooNewError extends EventStoreError {
  readonly code = 'STORE_SCHEMA_TOO_NEW' as const;
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`SQLite store schema version ${found} is newer than this code supports (${supported})`);
    this.name = 'StoreSchemaTooNewError';
  }
}

/** Malformed read options (negative revision, non-integer limit…). */
export class InvalidReadError extends EventStoreError {
  readonly code = 'INVALID_READ' as const;
  constructor(message: string) {
    super(message);
    this.name = 'InvalidReadError';
  }
}
