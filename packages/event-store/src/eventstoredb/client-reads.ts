/**
 * Every read the adapter makes goes through `readToEnd`. The client hands a read over as a Node
 * stream piped from the gRPC call: leaving a `for await` early destroys the stream but only
 * pauses the call, which stays open on the server. And the client gives reads no deadline
 * (`deadline: Infinity`), so a server that stops answering would hang an append that reads
 * first. Here a read is read to its end, or cancelled: when it fails, when it is aborted, and
 * when its deadline passes (then `EventStoreUnavailableError`).
 */
import { BACKWARDS, END, FORWARDS } from '@eventstore/db-client';
import type { EventStoreDBClient, ResolvedEvent } from '@eventstore/db-client';
import type { StoredEvent } from '../event-store.port';
import { ClientError, clientErrorType, EventStoreUnavailableError } from './eventstoredb.errors';
import type { SetTimer } from './eventstoredb.options';
import { storedEventOf } from './recorded-events';

export interface ReadLimits {
  readonly deadlineMs: number;
  readonly setTimer: SetTimer;
}

interface CancellableRead<T> extends AsyncIterable<T> {
  cancel(): Promise<void>;
}

/**
 * The items of one read, in order; the call cancelled unless it ended by itself. It settles when
 * the deadline passes even if the call is still being set up (the client's `cancel()` first
 * waits for the gRPC call to exist, which node discovery can hold up): the call is then
 * cancelled in the background. Aborted, it resolves with what was read so far.
 */
export function readToEnd<T>(call: CancellableRead<T>, operation: string, limits: ReadLimits, signal?: AbortSignal): Promise<T[]> {
  return new Promise<T[]>((resolve, reject) => {
    const items: T[] = [];
    let settled = false;
    const cancel = () => void call.cancel().catch(() => undefined);
    const settle = (outcome: () => void) => {
      if (settled) return;
      settled = true;
      stopTimer();
      signal?.removeEventListener('abort', onAbort);
      outcome();
    };
    const onAbort = () => {
      cancel();
      settle(() => resolve(items));
    };
    const stopTimer = limits.setTimer(() => {
      cancel();
      settle(() => reject(new EventStoreUnavailableError(operation, new Error(`no answer within ${limits.deadlineMs} ms`))));
    }, limits.deadlineMs);
    if (signal?.aborted) return onAbort();
    signal?.addEventListener('abort', onAbort);
    void (async () => {
      let ended = false;
      try {
        // A cancelled call ends its iteration without an error (the client drops "cancelled on client").
        for await (const item of call) {
          if (settled) break;
          items.push(item);
        }
        ended = !settled;
        settle(() => resolve(items));
      } catch (error) {
        settle(() => reject(error));
      } finally {
        if (!ended) cancel();
      }
    })();
  });
}

export type StreamRead = { readonly kind: 'found'; readonly events: StoredEvent[] } | { readonly kind: 'missing' } | { readonly kind: 'deleted' };

export interface StreamReadOptions {
  readonly fromRevision: number | 'end';
  readonly direction?: 'forwards' | 'backwards';
  readonly maxCount?: number;
  /** Reads of the write path go to the leader: a follower may not have the last write yet. */
  readonly requiresLeader?: boolean;
}

/** Events of one stream, or whether it is missing (never written, or soft-deleted) or deleted for good. */
export async function readStreamEvents(client: EventStoreDBClient, streamId: string, options: StreamReadOptions, limits: ReadLimits): Promise<StreamRead> {
  const call = client.readStream(streamId, {
    fromRevision: options.fromRevision === 'end' ? END : BigInt(options.fromRevision),
    direction: options.direction === 'backwards' ? BACKWARDS : FORWARDS,
    ...(options.maxCount === undefined ? {} : { maxCount: options.maxCount }),
    ...(options.requiresLeader ? { requiresLeader: true } : {}),
  });
  try {
    const resolved: ResolvedEvent[] = await readToEnd(call, `read of ${streamId}`, limits);
    return { kind: 'found', events: resolved.map(storedEventOf).filter((event): event is StoredEvent => event !== undefined) };
  } catch (error) {
    const type = clientErrorType(error);
    if (type === ClientError.STREAM_NOT_FOUND) return { kind: 'missing' };
    if (type === ClientError.STREAM_DELETED) return { kind: 'deleted' };
    throw error;
  }
}

/** The last event of a stream (a read of one event backwards from its end). */
export async function readStreamTail(client: EventStoreDBClient, streamId: string, limits: ReadLimits, requiresLeader: boolean): Promise<StoredEvent | 'missing' | 'deleted'> {
  const read = await readStreamEvents(client, streamId, { fromRevision: 'end', direction: 'backwards', maxCount: 1, requiresLeader }, limits);
  if (read.kind !== 'found') return read.kind;
  return read.events[0] ?? 'missing';
}
