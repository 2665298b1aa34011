/**
 * PostgreSQL adapter (node-postgres): the store several API processes on several hosts share.
 *
 * - Writes: appends are queued and committed in batches (group commit), one transaction at a time
 *   per process; each transaction takes the schema's append lock first, so that positions commit
 *   in order and every writer sees the others' commits (see postgres-append-transaction.ts).
 *   A refused append fails alone. If the server rejects a batch (a statement error), its appends
 *   are retried one per transaction, so that one bad append cannot fail the others.
 * - Reads go through the pool, one statement each (one snapshot).
 * - Subscriptions wake at once on this object's appends, on other processes' ones through
 *   LISTEN/NOTIFY, and read every poll interval anyway, in case a notification was lost.
 * - Same rows and same hashes as the SQLite adapter: data and metadata are the canonical JSON the
 *   shared hash chain covers, so a store copied from SQLite verifies here.
 */
import { randomUUID } from 'node:crypto';
import { DatabaseError, Pool, PoolClient } from 'pg';
import { combineAppendResults, PreparedEvent, PreparedPart, prepareAppend, prepareAppendMany, validateStreamId } from '../append-rules';
import { Clock, systemClock } from '../clock';
import { InvalidAppendError, StoreClosedError } from '../event-store.errors';
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
import { AppendListener } from './postgres-append-listener';
import { AppendOutcome, AppendRequest, beginAppendTransaction, commitAppendTransaction, writeAppendBatch } from './postgres-append-transaction';
import type { PostgresEventStoreOptions } from './postgres-event-store.options';
import { assertDurable, migrateStoreSchema, StoreSchema, storeSchema } from './postgres-schema';

export type { PostgresEventStoreOptions } from './postgres-event-store.options';

interface QueuedAppend extends AppendRequest {
  readonly resolve: (results: AppendResult[]) => void;
  readonly reject: (error: unknown) => void;
}

interface EventRow {
  position: string;
  stream_id: string;
  revision: number;
  type: string;
  data: string;
  metadata: string;
}

const EVENT_COLUMNS = 'position, stream_id, revision, type, data, metadata';

export class PostgresEventStore implements EventStore {
  readonly kind = 'postgres' as const;
  private readonly clock: Clock;
  private readonly pollIntervalMs: number;
  private readonly maxAppendsPerCommit: number;
  private readonly signal = new ChangeSignal();
  private readonly subscriptions = new Set<PollingSubscription>();
  /** Sent with this object's commits; its own listener ignores them (its subscriptions are woken directly). */
  private readonly announcement = randomUUID();
  private readonly listener: AppendListener;
  private queue: QueuedAppend[] = [];
  private draining: Promise<void> | undefined;
  private closed = false;

  private constructor(
    private readonly pool: Pool,
    private readonly schema: StoreSchema,
    options: PostgresEventStoreOptions,
  ) {
    this.clock = options.clock ?? systemClock;
    this.pollIntervalMs = options.pollIntervalMs ?? 1000;
    this.maxAppendsPerCommit = options.maxAppendsPerCommit ?? 1000;
    this.listener = new AppendListener(options.connectionString, schema.channel, this.announcement, () => this.signal.notify());
  }

  /**
   * Connects, refuses a server that does not flush commits (`PostgresNotDurableError`), and
   * creates or upgrades the schema (`PostgresSchemaTooNewError` if a newer version migrated it).
   */
  static async open(options: PostgresEventStoreOptions): Promise<PostgresEventStore> {
    const schema = storeSchema(options.schema);
    const pool = new Pool({ connectionString: options.connectionString, max: options.poolSize ?? 10 });
    // An idle connection that breaks is dropped by the pool, which opens another when needed.
    pool.on('error', () => undefined);
    try {
      const client = await pool.connect();
      try {
        await assertDurable(client);
        await migrateStoreSchema(client, schema);
      } finally {
        client.release();
      }
    } catch (error) {
      await pool.end();
      throw error;
    }
    return new PostgresEventStore(pool, schema, options);
  }

  appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    let prepared: PreparedEvent[];
    try {
      prepared = prepareAppend(streamId, events, options?.expectedRevision);
      refuseNulCharacters(streamId, prepared);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue([{ streamId, expected: options.expectedRevision, events: prepared }]).then((results) => results[0]);
  }

  /** All parts in one transaction of the group commit, their positions drawn under the same append lock, in the order of the parts. */
  appendMany(appends: readonly StreamAppend[]): Promise<AppendManyResult> {
    if (this.closed) return Promise.reject(new StoreClosedError());
    let parts: PreparedPart[];
    try {
      parts = prepareAppendMany(appends);
      for (const part of parts) refuseNulCharacters(part.streamId, part.events);
    } catch (error) {
      return Promise.reject(error);
    }
    return this.enqueue(parts).then(combineAppendResults);
  }

  private enqueue(parts: readonly PreparedPart[]): Promise<AppendResult[]> {
    return new Promise<AppendResult[]>((resolve, reject) => {
      this.queue.push({ parts, resolve, reject });
      this.draining ??= this.drain();
    });
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.ensureOpen();
    validateReadStream(streamId, options);
    const missing: ReadStreamResult = { events: [], currentRevision: -1, streamExists: false };
    if (streamId.includes('\u0000')) return missing; // no such stream can exist here
    // One statement, so the head revision and the events come from one snapshot.
    const { rows } = await this.pool.query<Partial<EventRow> & { head: number; deleted: boolean }>(
      `SELECT s.revision AS head, s.deleted_at IS NOT NULL AS deleted, e.position, e.stream_id, e.revision, e.type, e.data, e.metadata
       FROM ${this.schema.streams} s
       LEFT JOIN LATERAL (
         SELECT ${EVENT_COLUMNS} FROM ${this.schema.events}
         WHERE stream_id = s.stream_id AND revision >= $2 ORDER BY revision LIMIT $3
       ) e ON true
       WHERE s.stream_id = $1
       ORDER BY e.revision`,
      [streamId, options.fromRevision ?? 0, options.maxCount ?? null],
    );
    if (rows.length === 0 || rows[0].deleted || rows[0].head < 0) return missing;
    const events = rows.filter((row): row is EventRow & { head: number; deleted: boolean } => row.position != null).map(toStoredEvent);
    return { events, currentRevision: rows[0].head, streamExists: true };
  }

  async readAll(options: ReadAllOptions = {}): Promise<readonly StoredEvent[]> {
    this.ensureOpen();
    validateReadAll(options);
    const { rows } = await this.pool.query<EventRow>(`SELECT ${EVENT_COLUMNS} FROM ${this.schema.events} WHERE position > $1 ORDER BY position LIMIT $2`, [
      options.after ?? 0,
      options.limit ?? null,
    ]);
    return rows.map(toStoredEvent);
  }

  /** Highest position of an event still stored (0 when empty). */
  async headPosition(): Promise<number> {
    this.ensureOpen();
    const { rows } = await this.pool.query<{ head: string }>(`SELECT COALESCE(MAX(position), 0) AS head FROM ${this.schema.events}`);
    return Number(rows[0].head);
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.ensureOpen();
    validateSubscribeAfter(options?.after);
    this.listener.start();
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
   * R17: deletes the stream's rows and keeps a tombstone, so the stream is never written again.
   * Under the append lock, so no append to it can be in flight. PostgreSQL keeps the dead row
   * versions in its files until VACUUM reuses their space, and in WAL and backups until they age out.
   */
  async deleteStream(streamId: string): Promise<void> {
    this.ensureOpen();
    validateStreamId(streamId);
    refuseNulCharacters(streamId, []);
    await this.draining; // appends issued before the deletion land before it
    const deletedAt = this.clock().toISOString();
    await this.inTransaction(async (client) => {
      await beginAppendTransaction(client, this.schema);
      await client.query(`DELETE FROM ${this.schema.events} WHERE stream_id = $1`, [streamId]);
      await client.query(
        `INSERT INTO ${this.schema.streams} (stream_id, revision, last_hash, deleted_at) VALUES ($1, -1, '', $2)
         ON CONFLICT (stream_id) DO UPDATE SET deleted_at = excluded.deleted_at WHERE ${this.schema.streams}.deleted_at IS NULL`,
        [streamId, deletedAt],
      );
      await commitAppendTransaction(client, this.schema);
    });
  }

  /** Stops subscriptions, commits what was queued, closes the connections. */
  async close(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    await Promise.all([...this.subscriptions].map((subscription) => subscription.stop()));
    await this.draining;
    await this.listener.stop();
    await this.pool.end();
  }

  private ensureOpen(): void {
    if (this.closed) throw new StoreClosedError();
  }

  private async drain(): Promise<void> {
    try {
      // Appends issued in the same tick join the first batch; later ones queue while it commits.
      await new Promise<void>((resolve) => setImmediate(resolve));
      while (this.queue.length > 0) await this.commitBatch(this.queue.splice(0, this.maxAppendsPerCommit));
    } finally {
      this.draining = undefined;
    }
  }

  /** Commits one batch and settles each append's promise; never throws. */
  private async commitBatch(batch: readonly QueuedAppend[]): Promise<void> {
    let committing = false;
    try {
      const outcomes = await this.inTransaction(async (client) => {
        await beginAppendTransaction(client, this.schema);
        const decided = await writeAppendBatch(client, this.schema, batch, this.clock().toISOString());
        const appended = decided.some(appendedSomething);
        committing = true;
        await commitAppendTransaction(client, this.schema, appended ? this.announcement : undefined);
        return decided;
      });
      batch.forEach((pending, i) => {
        const outcome = outcomes[i];
        if ('results' in outcome) pending.resolve(outcome.results);
        else pending.reject(outcome.error);
      });
      if (outcomes.some(appendedSomething)) this.signal.notify();
    } catch (error) {
      // A statement the server refused rolled the whole batch back: retry each append alone, so
      // that the bad one fails by itself. A failed COMMIT or a lost connection leaves the outcome
      // unknown: the callers retry, and their event ids make a retry of a committed append a replay.
      if (!committing && batch.length > 1 && error instanceof DatabaseError) {
        for (const pending of batch) await this.commitBatch([pending]);
        return;
      }
      for (const pending of batch) pending.reject(error);
    }
  }

  /** Runs `work` on a pooled connection that it leaves out of any transaction (rolled back on error). */
  private async inTransaction<T>(work: (client: PoolClient) => Promise<T>): Promise<T> {
    const client = await this.pool.connect();
    try {
      const result = await work(client);
      client.release();
      return result;
    } catch (error) {
      const rolledBack = await client.query('ROLLBACK').then(
        () => true,
        () => false,
      );
      client.release(rolledBack ? undefined : true); // a connection that cannot roll back is dropped
      throw error;
    }
  }
}

function appendedSomething(outcome: AppendOutcome): boolean {
  return 'results' in outcome && outcome.results.some((result) => !result.deduplicated);
}

/** PostgreSQL text cannot hold U+0000; the JSON columns are safe (canonical JSON escapes it). */
function refuseNulCharacters(streamId: string, events: readonly PreparedEvent[]): void {
  if (streamId.includes('\u0000')) throw new InvalidAppendError('INVALID_STREAM_ID', 'stream id must not contain U+0000');
  for (const [index, event] of events.entries()) {
    if (event.type.includes('\u0000')) throw new InvalidAppendError('INVALID_EVENT', `event ${index}: type must not contain U+0000`);
    if (event.eventId.includes('\u0000')) throw new InvalidAppendError('INVALID_EVENT_ID', `event ${index}: event id must not contain U+0000`);
  }
}

function toStoredEvent(row: EventRow): StoredEvent {
  return {
    type: row.type,
    data: JSON.parse(row.data) as unknown,
    metadata: JSON.parse(row.metadata) as StoredEventMetadata,
    streamId: row.stream_id,
    revision: row.revision,
    position: Number(row.position),
  };
}
