/**
 * EventStoreDB adapter — the only file that imports `@eventstore/db-client`, so a move to
 * `@kurrent/kurrentdb-client` touches nothing else.
 *
 * Mapping onto the port:
 * - Revisions are EventStoreDB's (0-based, bigint on the wire, numbers here).
 * - Global position = the event's commit position in the transaction log. With the gRPC client
 *   every event is written as its own committed prepare, so each event has its own commit
 *   position (equal to its prepare position) and positions increase strictly in `$all` order.
 *   They are byte offsets, NOT contiguous: the port only promises "strictly increasing".
 * - Hash chain: computed here before the write (shared `chainRecords`), from the stream's last
 *   event read just before. The write then uses that exact revision (or NO_STREAM) as expected
 *   revision, whatever the caller asked, so no other write can slip between and break the chain;
 *   for `any`/`stream_exists` a lost race is retried internally.
 * - Event ids must be UUIDs (use `deterministicEventId`). Replays are detected by reading the
 *   stream (EventStoreDB's own id dedupe only covers quick retries). Limitation: an id already
 *   used in ANOTHER stream is not detected (no cross-stream id index).
 * - `readAll` / `subscribeToAll` skip system events and `$`-streams.
 * - `deleteStream` (R17) uses `tombstoneStream`: a hard delete, the stream can never be written
 *   again (like the SQLite tombstone) and its events are physically removed at the next scavenge.
 *   Until that scavenge `$all` still returns them; `readStream` no longer does.
 */
import {
  AllStreamRecordedEvent,
  BACKWARDS,
  END,
  ErrorType,
  EventStoreDBClient,
  excludeSystemEvents,
  FORWARDS,
  JSONType,
  jsonEvent,
  NO_STREAM,
  Position,
  ReadPosition,
  RecordedEvent,
  START,
} from '@eventstore/db-client';
import { chainRecords, ChainedRecord, ExistingEvent, expectedRevisionHolds, PreparedEvent, prepareAppend, resolveReplay, validateStreamId } from '../append-rules';
import { Clock, systemClock } from '../clock';
import { StoreClosedError, StreamDeletedError, WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendOptions,
  AppendResult,
  EventStore,
  ExpectedRevision,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  StoredEvent,
  StoredEventMetadata,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { defaultSubscriptionErrorHandler } from '../live-subscription';
import { validateReadAll, validateReadStream, validateSubscribeAfter } from '../read-rules';

export interface EventStoreDbEventStoreOptions {
  readonly clock?: Clock;
  /** Internal retries of an `any`/`stream_exists` append that lost a race (default 10). */
  readonly internalRetries?: number;
}

const PAGE = 1000;

interface StreamState {
  readonly deleted: boolean;
  readonly events: readonly StoredEvent[];
}

export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly clock: Clock;
  private readonly internalRetries: number;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    options: EventStoreDbEventStoreOptions = {},
  ) {
    this.clock = options.clock ?? systemClock;
    this.internalRetries = options.internalRetries ?? 10;
  }

  /** e.g. `esdb://localhost:2113?tls=false` */
  static connect(connectionString: string, options: EventStoreDbEventStoreOptions = {}): EventStoreDbEventStore {
    return new EventStoreDbEventStore(EventStoreDBClient.connectionString(connectionString), options);
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.ensureOpen();
    const expected = options?.expectedRevision;
    const prepared = prepareAppend(streamId, events, expected, { requireUuidEventIds: true });
    for (let attempt = 0; ; attempt++) {
      const state = await this.readStreamState(streamId);
      const current = this.checkBeforeWrite(streamId, prepared, expected, state);
      if (typeof current !== 'number') return current;
      const last = state.events[state.events.length - 1];
      const records = chainRecords(streamId, prepared, current + 1, last?.metadata.hash ?? '', this.clock().toISOString());
      try {
        await this.client.appendToStream(streamId, records.map(toEventData), { expectedRevision: current === -1 ? NO_STREAM : BigInt(current) });
      } catch (error) {
        if (errorType(error) === ErrorType.STREAM_DELETED) throw new StreamDeletedError(streamId);
        if (errorType(error) !== ErrorType.WRONG_EXPECTED_VERSION) throw error;
        if ((expected === 'any' || expected === 'stream_exists') && attempt < this.internalRetries) continue;
        // Someone wrote in between: answer as a replay if it was ours, else as a conflict.
        const now = await this.readStreamState(streamId);
        const outcome = this.checkBeforeWrite(streamId, prepared, expected, now);
        if (typeof outcome !== 'number') return outcome;
        throw new WrongExpectedRevisionError(streamId, expected, outcome);
      }
      const lastRecord = records[records.length - 1];
      const written = await this.readStreamEvents(streamId, lastRecord.revision, 1);
      if (written.length !== 1 || written[0].metadata.eventId !== lastRecord.eventId) {
        throw new Error(`EventStoreDB: could not read back ${streamId}@${lastRecord.revision} after appending it`);
      }
      return { nextExpectedRevision: lastRecord.revision, lastPosition: written[0].position, deduplicated: false };
    }
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.ensureOpen();
    validateReadStream(streamId, options);
    const head = await this.readHeadRevision(streamId);
    if (head === undefined) return { events: [], currentRevision: -1, streamExists: false };
    const from = options.fromRevision ?? 0;
    const events = from > head || options.maxCount === 0 ? [] : await this.readStreamEvents(streamId, from, options.maxCount);
    return { events, currentRevision: head, streamExists: true };
  }

  async readAll(options: ReadAllOptions = {}): Promise<readonly StoredEvent[]> {
    this.ensureOpen();
    validateReadAll(options);
    const after = options.after ?? 0;
    const limit = options.limit ?? Number.POSITIVE_INFINITY;
    const out: StoredEvent[] = [];
    // Reading from a position is inclusive: start at `after` and drop what is not beyond the cursor.
    let cursor: Position = { commit: BigInt(after), prepare: BigInt(after) };
    let from: ReadPosition = after > 0 ? cursor : START;
    while (out.length < limit) {
      let seen = 0;
      for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: PAGE, direction: FORWARDS })) {
        seen++;
        const event = resolved.event;
        if (!event || !isAfter(event.position, cursor)) continue;
        cursor = event.position;
        if (isSystemEvent(event)) continue;
        out.push(toStoredEvent(event, event.position));
        if (out.length >= limit) break;
      }
      if (seen < PAGE) break;
      from = cursor;
    }
    return out;
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    let from: ReadPosition = END;
    for (;;) {
      let seen = 0;
      let oldest: Position | undefined;
      for await (const resolved of this.client.readAll({ fromPosition: from, maxCount: PAGE, direction: BACKWARDS })) {
        seen++;
        const event = resolved.event;
        if (!event) continue;
        if (!isSystemEvent(event)) return positionNumber(event.position);
        oldest = event.position;
      }
      if (seen < PAGE || !oldest) return 0;
      from = oldest;
    }
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.ensureOpen();
    validateSubscribeAfter(options?.after);
    let after = options.after;
    let stopped = false;
    const stream = this.client.subscribeToAll({
      fromPosition: after > 0 ? { commit: BigInt(after), prepare: BigInt(after) } : START,
      filter: excludeSystemEvents(),
    });
    const run = (async () => {
      try {
        for await (const resolved of stream) {
          if (stopped) break;
          const event = resolved.event;
          if (!event || isSystemEvent(event)) continue;
          const position = positionNumber(event.position);
          if (position <= after) continue;
          await options.handler([toStoredEvent(event, event.position)]);
          after = position;
        }
      } catch (error) {
        if (!stopped) (options.onError ?? defaultSubscriptionErrorHandler)(error);
      } finally {
        stopped = true;
      }
    })();
    const subscription: Subscription = {
      stop: async () => {
        stopped = true;
        await stream.unsubscribe();
        await run;
        this.subscriptions.delete(subscription);
      },
    };
    this.subscriptions.add(subscription);
    return subscription;
  }

  async deleteStream(streamId: string): Promise<void> {
    this.ensureOpen();
    validateStreamId(streamId);
    try {
      await this.client.tombstoneStream(streamId);
    } catch (error) {
      if (errorType(error) !== ErrorType.STREAM_DELETED) throw error;
    }
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.client.dispose();
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  /** Returns the current revision when the append may go ahead, or the replay's original result. */
  private checkBeforeWrite(streamId: string, prepared: readonly PreparedEvent[], expected: ExpectedRevision, state: StreamState): number | AppendResult {
    if (state.deleted) throw new StreamDeletedError(streamId);
    const byId = new Map<string, ExistingEvent>(state.events.map((event) => [event.metadata.eventId, event]));
    const replay = resolveReplay(
      streamId,
      prepared.map((event) => event.eventId),
      (eventId) => byId.get(eventId),
    );
    if (replay) return replay;
    const current = state.events.length === 0 ? -1 : state.events[state.events.length - 1].revision;
    if (!expectedRevisionHolds(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
    return current;
  }

  private async readStreamState(streamId: string): Promise<StreamState> {
    try {
      return { deleted: false, events: await this.readStreamEvents(streamId, 0, undefined, true) };
    } catch (error) {
      if (errorType(error) === ErrorType.STREAM_DELETED) return { deleted: true, events: [] };
      throw error;
    }
  }

  /** Events of a stream from a revision; [] when the stream does not exist. */
  private async readStreamEvents(streamId: string, fromRevision: number, maxCount?: number, throwIfDeleted = false): Promise<StoredEvent[]> {
    const out: StoredEvent[] = [];
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: BigInt(fromRevision), direction: FORWARDS, ...(maxCount === undefined ? {} : { maxCount }) })) {
        const event = resolved.event;
        if (!event) continue;
        const position = event.position ?? (resolved.commitPosition === undefined ? undefined : { commit: resolved.commitPosition, prepare: resolved.commitPosition });
        if (!position) throw new Error('EventStoreDB did not return event positions (server older than 22.6?)');
        out.push(toStoredEvent(event, position));
      }
    } catch (error) {
      const type = errorType(error);
      if (type === ErrorType.STREAM_NOT_FOUND) return [];
      if (type === ErrorType.STREAM_DELETED && !throwIfDeleted) return [];
      throw error;
    }
    return out;
  }

  /** Revision of the stream's last event; undefined when missing or deleted. */
  private async readHeadRevision(streamId: string): Promise<number | undefined> {
    try {
      for await (const resolved of this.client.readStream(streamId, { fromRevision: END, direction: BACKWARDS, maxCount: 1 })) {
        if (resolved.event) return Number(resolved.event.revision);
      }
      return undefined;
    } catch (error) {
      const type = errorType(error);
      if (type === ErrorType.STREAM_NOT_FOUND || type === ErrorType.STREAM_DELETED) return undefined;
      throw error;
    }
  }
}

function toEventData(record: ChainedRecord) {
  return jsonEvent({
    id: record.eventId,
    type: record.type,
    data: JSON.parse(record.dataJson) as JSONType,
    metadata: JSON.parse(record.metadataJson) as JSONType,
  });
}

function toStoredEvent(event: RecordedEvent, position: Position): StoredEvent {
  return {
    type: event.type,
    data: decode(event.data),
    metadata: decode(event.metadata) as StoredEventMetadata,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: positionNumber(position),
  };
}

function decode(value: unknown): unknown {
  return value instanceof Uint8Array ? (JSON.parse(Buffer.from(value).toString('utf8')) as unknown) : value;
}

function positionNumber(position: Position): number {
  const value = Number(position.commit);
  if (!Number.isSafeInteger(value)) throw new Error(`EventStoreDB commit position ${position.commit} exceeds Number.MAX_SAFE_INTEGER`);
  return value;
}

function isAfter(position: Position, cursor: Position): boolean {
  return position.commit > cursor.commit || (position.commit === cursor.commit && position.prepare > cursor.prepare);
}

function isSystemEvent(event: AllStreamRecordedEvent | RecordedEvent): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function errorType(error: unknown): string | undefined {
  return typeof error === 'object' && error !== null && 'type' in error ? String((error as { type: unknown }).type) : undefined;
}
