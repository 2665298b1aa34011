/**
 * SQLite adapter (better-sqlite3), the embedded default. Durable: WAL + synchronous=FULL,
 * asserted at open. Group commit: appends issued in the same tick are queued and written in ONE
 * `BEGIN IMMEDIATE` transaction (one fsync for all of them); each append still gets its own
 * deleted-stream, expected-revision and event-id checks inside that transaction, and a refused
 * append leaves none of its rows behind, so it fails alone while the others commit. A promise resolves
 * only after its transaction committed. better-sqlite3 is synchronous, so "while a commit is in
 * flight" cannot happen inside one process: the event loop is blocked during the commit, and every
 * append issued meanwhile (by continuations of the previous batch) lands in the next batch.
 * A multi-stream append (`appendMany`) is one entry of a batch: its parts are written under one
 * savepoint of the batch's transaction, so a refused part takes the others back with it.
 *
 * Several processes may open the same file: writes take the lock with BEGIN IMMEDIATE (waiting up
 * to busy_timeout), stream state is re-read inside each transaction, and AUTOINCREMENT positions
 * assigned inside the serialised write transactions increase in commit order. Live subscriptions
 * wake at once on this process's appends and poll for other processes' ones.
 */
import type Database from 'better-sqlite3';
import { chainRecords, combineAppendResults, ExistingEvent, expectedRevisionHolds, PreparedEvent, PreparedPart, prepareAppend, prepareAppendMany, resolveReplay, validateStreamId } from '../append-rules';
import { Clock, systemClock } from '../clock';
import { EventStoreError, StoreClosedError, StreamDeletedError, WrongExpectedRevisionError } from '../event-store.errors';
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
import { openDurableDatabase, truncateWal } from './sqlite-schema';

export interface SqliteEventStoreOptions {
  readonly clock?: Clock;
  /** How often idle subscriptions look for appends made by other processes (default 50 ms). */
  readonly pollIntervalMs?: number;
  /** How long a write waits for another process's lock before failing (default 5000 ms). */
  readonly busyTimeoutMs?: number;
  /** Most appends grouped in one transaction (default 1000). */
  readonly maxAppendsPerCommit?: number;
  /** WAL size (pages of 4 KiB) that triggers a checkpoint (default 10,000, about 40 MB; SQLite's is 1,000). */
  readonly walAutocheckpointPages?: number;
}

/**
 * An event read by `readAllForReplay`: `schemaVersion` taken from its metadata by SQLite, the
 * metadata itself parsed only when first read (a bulk replay's projections rarely need it).
 */
export interface ReplayStoredEvent extends StoredEvent {
  /** `metadata.schemaVersion` when it is a number. */
  readonly schemaVersion: number | undefined;
}

/** One `appendToStream` (one part) or `appendMany` (its parts), written in one transaction with the others of its batch. */
interface PendingAppend {
  readonly parts: readonly PreparedPart[];
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

type Outcome = { readonly results: AppendResult[] } | { readonly error: EventStoreError };

interface StreamRow {
  revision: number;
  lastHash: string;
  deletedAt: string | null;
}

/** [position, stream_id, revision, type, data, metadata] as read with `raw()`. */
type EventRow = [number, string, number, string, string, string];
/** An EventRow followed by the metadata's schemaVersion as JSON text (null when absent). */
type ReplayEventRow = [number, string, number, string, string, string, string | null];

const EVENT_COLUMNS = 'position, stream_id, revision, type, data, metadata';

export class SqliteEventStore implements EventStore {
  readonly kind = 'sqlite' as const;
  private readonly db: Database.Database;
  private readonly clock: Clock;
  private readonly pollIntervalMs: number;
  private readonly maxAppendsPerCommit: number;
  private readonly signal = new ChangeSignal();
  private readonly subscriptions = new Set<PollingSubscription>();
  private queue: PendingAppend[] = [];
  private flushHandle: NodeJS.Immediate | undefined;
  private closed = false;

  private readonly selectStream: Database.Statement<[string], StreamRow>;
  private readonly selectEventById: Database.Statement<[string], ExistingEvent>;
  private readonly insertEvent: Database.Statement<[string, number, string, string, string, string, string]>;
  private readonly upsertStream: Database.Statement<[string, number, string]>;
  private readonly selectStreamEvents: Database.Statement<[string, number, number], EventRow>;
  private readonly selectAfter: Database.Statement<[number, number], EventRow>;
  private readonly selectAfterForReplay: Database.Statement<[number, number], ReplayEventRow>;
  private readonly selectHead: Database.Statement<[], { head: number }>;
  private readonly deleteEvents: Database.Statement<[string]>;
  private readonly deleteFrom: Database.Statement<[string, number]>;
  private readonly markDeleted: Database.Statement<[string, string]>;
  private readonly commitBatch: Database.Transaction<(batch: readonly PendingAppend[]) => Outcome[]>;
  /** The parts of one multi-stream append; nested in `commitBatch`, so a savepoint: a refused part takes the others back. */
  private readonly appendParts: Database.Transaction<(parts: readonly PreparedPart[], recordedAt: string) => AppendResult[]>;
  private readonly readStreamTx: Database.Transaction<(streamId: string, from: number, max: number) => ReadStreamResult>;

  /** Opens (or creates) the store file; throws `StoreNotDurableError` unless WAL + FULL hold. */
  constructor(
    readonly file: string,
    options: SqliteEventStoreOptions = {},
  ) {
    this.db = openDurableDatabase(file, { busyTimeoutMs: options.busyTimeoutMs ?? 5000, walAutocheckpointPages: options.walAutocheckpointPages ?? 10_000 });
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? 50;
    this.maxAppendsPerCommit = options.maxAppendsPerCommit ?? 1000;
    const db = this.db;
    this.selectStream = db.prepare('SELECT revision, last_hash AS lastHash, deleted_at AS deletedAt FROM streams WHERE stream_id = ?');
    this.selectEventById = db.prepare('SELECT stream_id AS streamId, revision, position FROM events WHERE event_id = ?');
    // An id already in the store is not inserted (changes = 0): the append is then undone and
    // classified as a replay or a conflict. Checking ids only then keeps the common path lean.
    this.insertEvent = db.prepare(
      'INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (event_id) DO NOTHING',
    );
    this.deleteFrom = db.prepare('DELETE FROM events WHERE stream_id = ? AND revision >= ?');
    this.upsertStream = db.prepare(
      'INSERT INTO streams (stream_id, revision, last_hash) VALUES (?, ?, ?) ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash',
    );
    this.selectStreamEvents = db.prepare<[string, number, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE stream_id = ? AND revision >= ? ORDER BY revision LIMIT ?`).raw(true);
    this.selectAfter = db.prepare<[number, number], EventRow>(`SELECT ${EVENT_COLUMNS} FROM events WHERE position > ? ORDER BY position LIMIT ?`).raw(true);
    // `->` gives the value's JSON text (`true` stays `true`, not 1). A metadata that is not JSON
    // is not reliably refused here (it is when first read); `verify` reads every row in full.
    this.selectAfterForReplay = db
      .prepare<[number, number], ReplayEventRow>(`SELECT ${EVENT_COLUMNS}, metadata -> '$.schemaVersion' FROM events WHERE position > ? ORDER BY position LIMIT ?`)
      .raw(true);
    this.selectHead = db.prepare('SELECT COALESCE(MAX(position), 0) AS head FROM events');
    this.deleteEvents = db.prepare('DELETE FROM events WHERE stream_id = ?');
    this.markDeleted = db.prepare(
      "INSERT INTO streams (stream_id, revision, last_hash, deleted_at) VALUES (?, -1, '', ?) ON CONFLICT (stream_id) DO UPDATE SET deleted_at = excluded.deleted_at WHERE deleted_at IS NULL",
    );
    this.commitBatch = db.transaction((batch: readonly PendingAppend[]) => {
      const recordedAt = this.clock().toISOString();
      return batch.map((pending): Outcome => {
        try {
          const { parts } = pending;
          return { results: parts.length === 1 ? [this.appendInTransaction(parts[0], recordedAt)] : this.appendParts(parts, recordedAt) };
        } catch (error) {
          // A refusal leaves nothing behind (raised before writing, or after taking back the
          // append's rows): it fails alone. Anything else (I/O, SQLITE_FULL…) aborts the whole
          // transaction and rejects the whole batch.
          if (error instanceof EventStoreError) return { error };
          throw error;
        }
      });
    });
    this.appendParts = db.transaction((parts: readonly PreparedPart[], recordedAt: string) => parts.map((part) => this.appendInTransaction(part, recordedAt)));
    this.readStreamTx = db.transaction((streamId: string, from: number, max: number): ReadStreamResult => {
      const stream = this.selectStream.get(streamId);
      if (!stream || stream.deletedAt !== null) return { events: [], currentRevision: -1, streamExists: false };
      const rows = this.selectStreamEvents.all(streamId, from, max);
      return { events: rows.map(toStoredEvent), currentRevision: stream.revision, streamExists: true };
    });
  }

  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    let prepared: PreparedEvent[];
    try {
      prepared = prepareAppend(streamId, events, options?.expectedRevision);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue([{ streamId, expected: options.expectedRevision, events: prepared }]).then((results) => results[0]);
  }

  /** All parts in one savepoint of the batch's transaction: one commit, positions in the order of the parts. */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendManyResult> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    let parts: PreparedPart[];
    try {
      parts = prepareAppendMany(appends);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue(parts).then(combineAppendResults);
  }

  private enqueue(parts: readonly PreparedPart[]): Promise<AppendResult[]> {
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.queue.push({ parts, resolve, reject });
      this.flushHandle ??= setImmediate(() => this.flush());
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.ensureOpen();
    validateReadStream(streamId, options);
    return this.readStreamTx.deferred(streamId, options.fromRevision ?? 0, options.maxCount ?? -1);
  }

  async readAll(options: ReadAllOptions = {}): Promise<readonly StoredEvent[]> {
    this.ensureOpen();
    validateReadAll(options);
    return this.selectAfter.all(options.after ?? 0, options.limit ?? -1).map(toStoredEvent);
  }

  /**
   * `readAll` for bulk replays: the same events, each data parsed at once, each metadata parsed
   * on first access, and `schemaVersion` (from the metadata) at hand without parsing it.
   */
  async readAllForReplay(options: ReadAllOptions = {}): Promise<readonly ReplayStoredEvent[]> {
    this.ensureOpen();
    validateReadAll(options);
    return this.selectAfterForReplay.all(options.after ?? 0, options.limit ?? -1).map((row) => new LazyMetadataEvent(row));
  }

  /** Highest position of an event still in the file (0 when empty). */
  async headPosition(): Promise<number> {
    this.ensureOpen();
    return this.selectHead.get()?.head ?? 0;
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.ensureOpen();
    validateSubscribeAfter(options?.after);
    const subscription = new PollingSubscription(
      async (after, limit) => this.readAll({ after, limit }),
      this.signal,
      options,
      this.pollIntervalMs,
      (finished) => this.subscriptions.delete(finished),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  /**
   * R17: removes the stream's rows (zeroed on disk: `secure_delete`) and keeps a tombstone so the
   * stream is never written again, then truncates the WAL, whose older frames still hold the rows.
   * If a reader kept the WAL busy, the deletion stands but this rejects: deleting again finishes it.
   */
  async deleteStream(streamId: string): Promise<void> {
    this.ensureOpen();
    validateStreamId(streamId);
    this.flushNow();
    const deletedAt = this.clock().toISOString();
    this.db
      .transaction(() => {
        this.deleteEvents.run(streamId);
        this.markDeleted.run(streamId, deletedAt);
      })
      .immediate();
    if (!truncateWal(this.db)) throw new Error(`Stream ${streamId} deleted, but a reader kept the WAL that still holds its events: delete it again`);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    this.flushNow();
    this.db.close();
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private flushNow(): void {
    if (this.flushHandle) clearImmediate(this.flushHandle);
    this.flush();
  }

  private flush(): void {
    this.flushHandle = undefined;
    let appended = false;
    while (this.queue.length > 0) {
      const batch = this.queue.length <= this.maxAppendsPerCommit ? this.queue : this.queue.slice(0, this.maxAppendsPerCommit);
      this.queue = this.queue.length <= this.maxAppendsPerCommit ? [] : this.queue.slice(this.maxAppendsPerCommit);
      let outcomes: Outcome[];
      try {
        outcomes = this.commitBatch.immediate(batch);
      } catch (error) {
        for (const pending of batch) pending.reject(error);
        continue;
      }
      for (let i = 0; i < batch.length; i++) {
        const outcome = outcomes[i];
        if ('results' in outcome) {
          if (outcome.results.some((result) => !result.deduplicated)) appended = true;
          batch[i].resolve(outcome.results);
        } else {
          batch[i].reject(outcome.error);
        }
      }
    }
    if (appended) this.signal.notify();
  }

  /** Checks then writes one stream's append inside the batch's transaction; a refusal leaves none of its rows. */
  private appendInTransaction(pending: PreparedPart, recordedAt: string): AppendResult {
    const { streamId, expected, events } = pending;
    const stream = this.selectStream.get(streamId);
    if (stream && stream.deletedAt !== null) throw new StreamDeletedError(streamId);
    const current = stream ? stream.revision : -1;
    if (!expectedRevisionHolds(expected, current)) {
      const replay = this.findReplay(pending);
      if (replay) return replay;
      throw new WrongExpectedRevisionError(streamId, expected, current);
    }
    const records = chainRecords(streamId, events, current + 1, stream?.lastHash ?? '', recordedAt);
    let lastPosition = 0;
    for (const record of records) {
      const info = this.insertEvent.run(streamId, record.revision, record.eventId, record.type, record.dataJson, record.metadataJson, record.recordedAt);
      if (info.changes === 0) {
        // This id is already in the store: take back this append's rows, then answer as a replay or a conflict.
        this.deleteFrom.run(streamId, current + 1);
        const replay = this.findReplay(pending);
        if (replay) return replay;
        throw new Error(`event ${record.eventId} exists but was not found`); // cannot happen: resolveReplay saw it
      }
      lastPosition = Number(info.lastInsertRowid);
    }
    const last = records[records.length - 1];
    this.upsertStream.run(streamId, last.revision, last.hash);
    return { nextExpectedRevision: last.revision, lastPosition, deduplicated: false };
  }

  /** The original result when every id of the append is already in the stream, in order; throws EventIdConflictError on a partial match. */
  private findReplay(pending: PreparedPart): AppendResult | undefined {
    return resolveReplay(
      pending.streamId,
      pending.events.map((event) => event.eventId),
      (eventId) => this.selectEventById.get(eventId),
    );
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    type: row[3],
    data: JSON.parse(row[4]) as unknown,
    metadata: JSON.parse(row[5]) as StoredEventMetadata,
    streamId: row[1],
    revision: row[2],
    position: row[0],
  };
}

/** What JSON.parse gives for a number; `undefined` for anything else (which upcasting refuses alike). */
function schemaVersionOfJson(json: string | null): number | undefined {
  if (json === null) return undefined;
  const first = json.charCodeAt(0);
  return first === 45 || (first >= 48 && first <= 57) ? Number(json) : undefined;
}

class LazyMetadataEvent implements ReplayStoredEvent {
  readonly type: string;
  readonly data: unknown;
  readonly streamId: string;
  readonly revision: number;
  readonly position: number;
  readonly schemaVersion: number | undefined;
  private metadataJson: string;
  private parsedMetadata: StoredEventMetadata | undefined;

  constructor(row: ReplayEventRow) {
    this.type = row[3];
    this.data = JSON.parse(row[4]) as unknown;
    this.streamId = row[1];
    this.revision = row[2];
    this.position = row[0];
    this.schemaVersion = schemaVersionOfJson(row[6]);
    this.metadataJson = row[5];
    this.parsedMetadata = undefined;
  }

  get metadata(): StoredEventMetadata {
    if (this.parsedMetadata === undefined) {
      this.parsedMetadata = JSON.parse(this.metadataJson) as StoredEventMetadata;
      this.metadataJson = '';
    }
    return this.parsedMetadata;
  }
}
