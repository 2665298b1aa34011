/**
 * In-memory adapter, for tests and the embedded demo. Events are kept serialised (as the SQLite
 * adapter keeps them) so that callers can never mutate the store through an object they read,
 * and so that data that would not survive JSON is refused here as well.
 */
import { chainRecords, combineAppendResults, expectedRevisionHolds, PreparedPart, prepareAppend, prepareAppendMany, resolveReplay, validateStreamId } from '../append-rules';
import { Clock, systemClock } from '../clock';
import { StoreClosedError, StreamDeletedError, WrongExpectedRevisionError } from '../event-store.errors';
import type {
  AppendManyResult,
  AppendOptions,
  AppendResult,
  EventStore,
  NewEvent,
  ReadAllOptions,
  ReadStreamOptions,
  ReadStreamResult,
  StoredEvent,
  StoredEventMetadata,
  SubscribeOptions,
  StreamAppend,
  Subscription,
} from '../event-store.port';
import { ChangeSignal, PollingSubscription } from '../live-subscription';
import { validateReadAll, validateReadStream, validateSubscribeAfter } from '../read-rules';

interface MemoryRecord {
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly eventId: string;
  readonly type: string;
  dataJson: string;
  metadataJson: string;
}

interface MemoryStream {
  records: MemoryRecord[];
  revision: number;
  lastHash: string;
  deleted: boolean;
}

/** A part that passed its checks: `replay` when its events are already stored. */
interface CheckedPart {
  readonly part: PreparedPart;
  readonly replay?: AppendResult;
}

export interface InMemoryEventStoreOptions {
  readonly clock?: Clock;
}

export class InMemoryEventStore implements EventStore {
  readonly kind = 'memory' as const;
  private readonly clock: Clock;
  private log: MemoryRecord[] = [];
  private readonly streams = new Map<string, MemoryStream>();
  private readonly byEventId = new Map<string, MemoryRecord>();
  private nextPosition = 1;
  private readonly signal = new ChangeSignal();
  private readonly subscriptions = new Set<PollingSubscription>();
  private closed = false;

  constructor(options: InMemoryEventStoreOptions = {}) {
    this.clock = options.clock ?? systemClock;
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.ensureOpen();
    const expected = options?.expectedRevision;
    const prepared = prepareAppend(streamId, events, expected);
    return this.write([this.check({ streamId, expected, events: prepared })])[0];
  }

  async appendMany(appends: readonly StreamAppend[]): Promise<AppendManyResult> {
    this.ensureOpen();
    const parts = prepareAppendMany(appends);
    // Every part is checked before any is written: one refusal leaves the store untouched.
    const checked = parts.map((part) => this.check(part));
    return combineAppendResults(this.write(checked));
  }

  /** A part's checks (deleted stream, replay, expected revision); throws the port's errors. */
  private check(part: PreparedPart): CheckedPart {
    const { streamId, expected, events } = part;
    const stream = this.streams.get(streamId);
    if (stream?.deleted) throw new StreamDeletedError(streamId);
    const current = stream ? stream.revision : -1;
    const replay = resolveReplay(
      streamId,
      events.map((event) => event.eventId),
      (eventId) => this.byEventId.get(eventId),
    );
    if (replay) return { part, replay };
    if (!expectedRevisionHolds(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
    return { part };
  }

  /** Writes the checked parts in order (synchronously: nothing interleaves). */
  private write(checked: readonly CheckedPart[]): AppendResult[] {
    const recordedAt = this.clock().toISOString();
    let appended = false;
    const results = checked.map(({ part, replay }): AppendResult => {
      if (replay) return replay;
      const { streamId, events } = part;
      const stream = this.streams.get(streamId);
      const current = stream ? stream.revision : -1;
      const chained = chainRecords(streamId, events, current + 1, stream?.lastHash ?? '', recordedAt);
      const target = stream ?? { records: [], revision: -1, lastHash: '', deleted: false };
      for (const record of chained) {
        const stored: MemoryRecord = {
          streamId,
          revision: record.revision,
          position: this.nextPosition++,
          eventId: record.eventId,
          type: record.type,
          dataJson: record.dataJson,
          metadataJson: record.metadataJson,
        };
        this.log.push(stored);
        target.records.push(stored);
        this.byEventId.set(stored.eventId, stored);
      }
      target.revision = chained[chained.length - 1].revision;
      target.lastHash = chained[chained.length - 1].hash;
      this.streams.set(streamId, target);
      appended = true;
      return { nextExpectedRevision: target.revision, lastPosition: this.nextPosition - 1, deduplicated: false };
    });
    if (appended) this.signal.notify();
    return results;
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.ensureOpen();
    validateReadStream(streamId, options);
    const stream = this.streams.get(streamId);
    if (!stream || stream.deleted) return { events: [], currentRevision: -1, streamExists: false };
    const from = options.fromRevision ?? 0;
    const selected = stream.records.filter((record) => record.revision >= from);
    const limited = options.maxCount === undefined ? selected : selected.slice(0, options.maxCount);
    return { events: limited.map(toStoredEvent), currentRevision: stream.revision, streamExists: true };
  }

  async readAll(options: ReadAllOptions = {}): Promise<readonly StoredEvent[]> {
    this.ensureOpen();
    validateReadAll(options);
    const start = firstIndexAfter(this.log, options.after ?? 0);
    const end = options.limit === undefined ? this.log.length : Math.min(this.log.length, start + options.limit);
    return this.log.slice(start, end).map(toStoredEvent);
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    return this.log.length === 0 ? 0 : this.log[this.log.length - 1].position;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.ensureOpen();
    validateSubscribeAfter(options?.after);
    const subscription = new PollingSubscription(
      async (after, limit) => this.readAll({ after, limit }),
      this.signal,
      options,
      undefined,
      (finished) => this.subscriptions.delete(finished),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async deleteStream(streamId: string): Promise<void> {
    this.ensureOpen();
    validateStreamId(streamId);
    const stream = this.streams.get(streamId) ?? { records: [], revision: -1, lastHash: '', deleted: false };
    if (stream.deleted) return;
    const removed = new Set(stream.records);
    this.log = this.log.filter((record) => !removed.has(record));
    for (const record of stream.records) this.byEventId.delete(record.eventId);
    stream.records = [];
    stream.deleted = true;
    this.streams.set(streamId, stream);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }
}

function toStoredEvent(record: MemoryRecord): StoredEvent {
  return {
    type: record.type,
    data: JSON.parse(record.dataJson) as unknown,
    metadata: JSON.parse(record.metadataJson) as StoredEventMetadata,
    streamId: record.streamId,
    revision: record.revision,
    position: record.position,
  };
}

/** Index of the first record whose position is > after (positions are increasing, maybe with holes). */
function firstIndexAfter(log: readonly MemoryRecord[], after: number): number {
  let low = 0;
  let high = log.length;
  while (low < high) {
    const mid = (low + high) >> 1;
    if (log[mid].position <= after) low = mid + 1;
    else high = mid;
  }
  return low;
}
