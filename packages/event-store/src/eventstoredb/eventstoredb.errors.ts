/**
 * What the EventStoreDB adapter raises besides the port's errors, and how the client's errors
 * (which carry a `type`, its `ErrorType` values) map onto them. No import of the client here: the
 * package's root entry may name these errors without loading gRPC.
 */
import { EventStoreError, InvalidAppendError, StreamDeletedError } from '../event-store.errors';

/** The server could not be reached or did not answer in time. Retryable. */
export class EventStoreUnavailableError extends EventStoreError {
  readonly code = 'STORE_UNAVAILABLE' as const;
  readonly retryable = true as const;
  constructor(
    readonly operation: string,
    override readonly cause: unknown,
    /**
     * An append may have been written though its answer was lost: try it again with the same
     * event ids, the retry is then answered as a replay (`deduplicated: true`).
     */
    readonly outcomeUnknown = false,
  ) {
    super(`EventStoreDB unavailable during ${operation}: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'EventStoreUnavailableError';
  }
}

/** A subscription lost its connection `attempts` times in a row without catching up: it stops. */
export class SubscriptionDroppedError extends EventStoreError {
  readonly code = 'SUBSCRIPTION_DROPPED' as const;
  constructor(
    readonly attempts: number,
    override readonly cause: unknown,
  ) {
    super(`Subscription to $all dropped ${attempts} times in a row: ${cause instanceof Error ? cause.message : String(cause)}`);
    this.name = 'SubscriptionDroppedError';
  }
}

/** A connection string the client (6.2.1) would not parse, or whose options the adapter refuses. */
export class InvalidConnectionStringError extends EventStoreError {
  readonly code = 'INVALID_CONNECTION_STRING' as const;
  constructor(reason: string) {
    super(`EventStoreDB connection string: ${reason}`);
    this.name = 'InvalidConnectionStringError';
  }
}

/** The client's error types the adapter tells apart (values of the client's `ErrorType`). */
export const ClientError = {
  UNAVAILABLE: 'unavailable',
  CANCELLED: 'cancelled',
  NOT_LEADER: 'not-leader',
  DEADLINE_EXCEEDED: 'deadline-exceeded',
  TIMEOUT: 'timeout',
  STREAM_NOT_FOUND: 'stream-not-found',
  STREAM_DELETED: 'stream-deleted',
  WRONG_EXPECTED_VERSION: 'wrong-expected-version',
  MAXIMUM_APPEND_SIZE_EXCEEDED: 'maximum-append-size-exceeded',
} as const;

/** Lost connections and calls that ran out of time: a later call may succeed. */
const CONNECTION_LOST: ReadonlySet<string> = new Set([ClientError.UNAVAILABLE, ClientError.CANCELLED, ClientError.NOT_LEADER, ClientError.DEADLINE_EXCEEDED, ClientError.TIMEOUT]);

export function clientErrorType(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'type' in error ? String((error as { type: unknown }).type) : undefined;
}

export function isConnectionLost(error: unknown): boolean {
  const type = clientErrorType(error);
  return type !== undefined && CONNECTION_LOST.has(type);
}

/**
 * The port's error for a client error, when there is one: deleted stream, append too large,
 * server unavailable. Anything else is returned as it is.
 */
export function toStoreError(error: unknown, operation: string, context: { streamId?: string; outcomeUnknown?: boolean } = {}): unknown {
  const type = clientErrorType(error);
  if (type === ClientError.STREAM_DELETED && context.streamId !== undefined) return new StreamDeletedError(context.streamId);
  if (type === ClientError.MAXIMUM_APPEND_SIZE_EXCEEDED) {
    const limit = (error as { maxAppendSize?: unknown }).maxAppendSize;
    return new InvalidAppendError('INVALID_EVENT', `the append is larger than the server accepts (MaxAppendSize ${typeof limit === 'number' ? `${limit} bytes` : 'exceeded'})`);
  }
  if (isConnectionLost(error)) return new EventStoreUnavailableError(operation, error, context.outcomeUnknown ?? false);
  return error;
}
