/**
 * EventStoreDB adapter. Only the files of this folder import `@eventstore/db-client`, so a move
 * to `@kurrent/kurrentdb-client` touches nothing else.
 *
 * Mapping onto the port:
 * - Revisions are EventStoreDB's (0-based, bigint on the wire, numbers here). A global position
 *   is the event's commit position in the transaction log (`recorded-events.ts`): strictly
 *   increasing in `$all` order, NOT contiguous (the port promises no more).
 * - Appends (`stream-appends.ts`): the stream's tail gives the revision and the previous hash,
 *   the write uses that exact revision, and what is read back says whether this append wrote it.
 *   Event ids must be UUIDs (`deterministicEventId`); an id already used in ANOTHER stream is not
 *   detected (no cross-stream id index).
 * - `appendMany`: no multi-stream transaction here: every part is checked, then the parts are
 *   written one after another; a failure between two leaves the earlier ones written, and the
 *   same call again finishes it (`StreamAppends.appendMany`).
 * - Reads (`client-reads.ts`, `all-stream-reads.ts`) are read to their end or cancelled, and
 *   bounded by a deadline. `readAll`, `headPosition` and subscriptions leave out system records
 *   and the events of deleted streams.
 * - `subscribeToAll` (`all-subscription.ts`) reconnects by itself after a lost connection.
 * - `deleteStream` (R17) records the stream in `$periscol-deleted-streams` (`deleted-streams.ts`),
 *   then tombstones it: it can never be written again, `readStream` no longer shows it, and its
 *   events, physically removed at the next scavenge, are left out of `$all` reads until then.
 */
import { EventStoreDBClient } from '@eventstore/db-client';
import { combineAppendResults, prepareAppend, prepareAppendMany, validateStreamId } from '../append-rules';
import { Clock, systemClock } from '../clock';
import { StoreClosedError } from '../event-store.errors';
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
  StreamAppend,
  SubscribeOptions,
  Subscription,
} from '../event-store.port';
import { validateReadAll, validateReadStream, validateSubscribeAfter } from '../read-rules';
import { AllStreamReads } from './all-stream-reads';
import { AllSubscription } from './all-subscription';
import { readStreamEvents, readStreamTail, ReadLimits } from './client-reads';
import { connectionSettings, connectionStringProblem } from './connection-string';
import { DeletedStreams } from './deleted-streams';
import { ClientError, clientErrorType, InvalidConnectionStringError, toStoreError } from './eventstoredb.errors';
import {
  DEFAULT_DEADLINE_MS,
  DEFAULT_MAX_APPEND_SIZE,
  DEFAULT_SUBSCRIPTION_RETRY,
  DEFAULT_WATCHDOG_INTERVAL_MS,
  EventStoreDbEventStoreOptions,
  unrefTimer,
} from './eventstoredb.options';
import { StreamAppends } from './stream-appends';
import { StreamEventIds } from './stream-event-ids';

export type { EventStoreDbEventStoreOptions } from './eventstoredb.options';

export class EventStoreDbEventStore implements EventStore {
  readonly kind = 'eventstoredb' as const;
  private readonly limits: ReadLimits;
  private readonly deletedStreams: DeletedStreams;
  private readonly knownIds: StreamEventIds;
  private readonly appends: StreamAppends;
  private readonly allReads: AllStreamReads;
  private readonly subscriptions = new Set<Subscription>();
  private closed = false;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly options: EventStoreDbEventStoreOptions = {},
  ) {
    if ((client as unknown as { throwOnAppendFailure?: boolean }).throwOnAppendFailure === false) {
      throw new InvalidConnectionStringError('the client was built with throwOnAppendFailure=false: a conflict would resolve as success: false, which no retry sees');
    }
    const clock: Clock = options.clock ?? systemClock;
    this.limits = { deadlineMs: options.deadlineMs ?? DEFAULT_DEADLINE_MS, setTimer: options.setTimer ?? unrefTimer };
    this.deletedStreams = new DeletedStreams(client, this.limits);
    this.knownIds = new StreamEventIds(options.knownStreams ?? 1000);
    this.allReads = new AllStreamReads(client, this.limits, this.deletedStreams);
    this.appends = new StreamAppends({
      client,
      limits: this.limits,
      clock,
      internalRetries: options.internalRetries ?? 10,
      maxAppendSize: options.maxAppendSize ?? DEFAULT_MAX_APPEND_SIZE,
      deletedStreams: this.deletedStreams,
      knownIds: this.knownIds,
    });
  }

  /**
   * e.g. `esdb://localhost:2113?tls=false`, `esdb://admin:…@node1:2113,node2:2113,node3:2113?tlsCAFile=/etc/periscol/ca.crt`.
   * Throws `InvalidConnectionStringError` for a string the client cannot read or the store refuses.
   */
  static connect(connectionString: string, options: EventStoreDbEventStoreOptions = {}): EventStoreDbEventStore {
    const problem = connectionStringProblem(connectionString);
    if (problem) throw new InvalidConnectionStringError(problem);
    let client: EventStoreDBClient;
    try {
      client = EventStoreDBClient.connectionString(connectionString);
    } catch (error) {
      throw new InvalidConnectionStringError(describeParseError(error));
    }
    return new EventStoreDbEventStore(client, { ...options, deadlineMs: options.deadlineMs ?? connectionSettings(connectionString).defaultDeadlineMs });
  }

  async appendToStream(streamId: string, events: readonly NewEvent[], options: AppendOptions): Promise<AppendResult> {
    this.ensureOpen();
    const expected = options?.expectedRevision;
    const prepared = prepareAppend(streamId, events, expected, { requireUuidEventIds: true });
    return this.appends.append(streamId, prepared, expected);
  }

  /** Not one transaction (EventStoreDB has none across streams): checked first, then written part by part (`StreamAppends.appendMany`). */
  async appendMany(appends: readonly StreamAppend[]): Promise<AppendManyResult> {
    this.ensureOpen();
    const parts = prepareAppendMany(appends, { requireUuidEventIds: true });
    return combineAppendResults(await this.appends.appendMany(parts));
  }

  async readStream(streamId: string, options: ReadStreamOptions = {}): Promise<ReadStreamResult> {
    this.ensureOpen();
    validateReadStream(streamId, options);
    const nothing: ReadStreamResult = { events: [], currentRevision: -1, streamExists: false };
    if (this.deletedStreams.has(streamId)) return nothing;
    try {
      const tail = await readStreamTail(this.client, streamId, this.limits, false);
      if (tail === 'missing' || tail === 'deleted') return nothing;
      const from = options.fromRevision ?? 0;
      if (from > tail.revision || options.maxCount === 0) return { events: [], currentRevision: tail.revision, streamExists: true };
      const read = await readStreamEvents(this.client, streamId, { fromRevision: from, maxCount: options.maxCount }, this.limits);
      return { events: read.kind === 'found' ? read.events : [], currentRevision: tail.revision, streamExists: true };
    } catch (error) {
      throw toStoreError(error, `read of ${streamId}`, { streamId });
    }
  }

  async readAll(options: ReadAllOptions = {}): Promise<readonly StoredEvent[]> {
    this.ensureOpen();
    validateReadAll(options);
    return this.allReads.readAll(options);
  }

  async headPosition(): Promise<number> {
    this.ensureOpen();
    return this.allReads.head();
  }

  subscribeToAll(options: SubscribeOptions): Subscription {
    this.ensureOpen();
    validateSubscribeAfter(options?.after);
    const subscription = new AllSubscription(
      {
        client: this.client,
        reads: this.allReads,
        deletedStreams: this.deletedStreams,
        retry: this.options.subscriptionRetry ?? DEFAULT_SUBSCRIPTION_RETRY,
        watchdogIntervalMs: this.options.watchdogIntervalMs ?? DEFAULT_WATCHDOG_INTERVAL_MS,
        setTimer: this.limits.setTimer,
      },
      options,
      (finished) => this.subscriptions.delete(finished),
    );
    this.subscriptions.add(subscription);
    return subscription;
  }

  async deleteStream(streamId: string): Promise<void> {
    this.ensureOpen();
    validateStreamId(streamId);
    // Recorded first: a crash before the tombstone leaves the stream hidden, not exposed.
    await this.deletedStreams.record(streamId, this.limits.deadlineMs);
    this.knownIds.forget(streamId);
    try {
      await this.client.tombstoneStream(streamId, { requiresLeader: true, deadline: this.limits.deadlineMs });
    } catch (error) {
      if (clientErrorType(error) === ClientError.STREAM_DELETED) return;
      throw toStoreError(error, `deletion of ${streamId}`, { streamId });
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
}

/** The client's parse error names the place and what was expected; its text may quote the string. */
function describeParseError(error: unknown): string {
  const { expected, location } = (error ?? {}) as { expected?: unknown; location?: unknown };
  if (typeof expected === 'string' && Array.isArray(location)) return `the client cannot read it (at character ${String(location[0])}: expected ${expected})`;
  return error instanceof Error && !/:\/\//.test(error.message) ? error.message : 'the client cannot read it';
}
