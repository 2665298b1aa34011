/**
 * An in-process stand-in for the parts of `EventStoreDBClient` (@eventstore/db-client 6.2.1) the
 * adapter uses. No server runs on the CI machines, so this fake holds the behaviours the adapter's
 * correctness depends on, as the server and the client really have them:
 *
 * - Appends follow the server's commit check (`IndexWriter.CheckCommit`): an exact expected
 *   revision behind the stream whose next events carry the same ids is answered with *success*
 *   and the original revisions, nothing written; with `any` / `stream_exists` the ids are looked
 *   up only in a bounded cache of recent writes (a replay older than that is written again);
 *   a batch partly known is a wrong expected version. Appends above `maxAppendSize` are refused.
 * - Reads: errors surface while iterating; a read from a position is inclusive and a subscription
 *   from a position exclusive; a position that is not a record's start is refused. A read is a
 *   call that stays open until it is read to the end or cancelled: leaving a `for await` early
 *   only pauses it (the client pipes the gRPC call into a stream), as `openCalls()` shows.
 *   `unsubscribe()` ends a subscription's iteration normally, as the client's does.
 * - Deletes: a tombstone (hard delete) keeps the stream's events in `$all` until a scavenge and
 *   refuses every later write; a soft delete (`deleteStream`) hides the events from stream reads
 *   (stream not found) but lets the next append continue at the old revision + 1.
 * - System records interleave with user writes, positions are log offsets (not contiguous).
 * - Faults on demand: errors before or after a write, dropped, ended or stalled subscriptions,
 *   reads that hang until cancelled.
 *
 * It is still no substitute for the server run (EVENTSTORE_CONNECTION_STRING).
 */
interface Position {
  commit: bigint;
  prepare: bigint;
}

interface LogRecord {
  readonly streamId: string;
  readonly revision: bigint;
  readonly id: string;
  readonly type: string;
  readonly dataJson: string;
  readonly metadataJson: string;
  readonly position: Position;
}

interface EventDataLike {
  id: string;
  type: string;
  data: unknown;
  metadata?: unknown;
}

interface CallOptions {
  requiresLeader?: boolean;
  deadline?: number;
}

interface RecordedOptions extends CallOptions {
  maxCount?: number | bigint;
  direction?: 'forwards' | 'backwards';
}

type ExpectedRevisionOption = 'any' | 'no_stream' | 'stream_exists' | bigint;
type ReadFrom = 'start' | 'end' | bigint;
type PositionFrom = 'start' | 'end' | Position;

interface StreamState {
  /** Revision of the last event ever written (-1: none); kept through a soft delete. */
  lastRevision: bigint;
  tombstoned: boolean;
  softDeleted: boolean;
  /** Events below this revision are hidden from stream reads (`$tb` of the stream's metadata). */
  truncateBefore: bigint;
}

/** The client's errors carry a `type` (its `ErrorType` values), which is all the adapter reads. */
export type FakeErrorType =
  | 'unavailable'
  | 'cancelled'
  | 'not-leader'
  | 'deadline-exceeded'
  | 'timeout'
  | 'unknown'
  | 'access-denied'
  | 'wrong-expected-version'
  | 'stream-deleted'
  | 'stream-not-found'
  | 'maximum-append-size-exceeded';

export function fakeClientError(type: FakeErrorType, message: string = type, extra: Record<string, unknown> = {}): Error {
  return Object.assign(new Error(message), { type, ...extra });
}

export type FakeOperation = 'append' | 'readStream' | 'readAll' | 'subscribe' | 'tombstone' | 'softDelete';

export interface InjectedFault {
  readonly operation: FakeOperation;
  readonly error: FakeErrorType;
  /** For appends: the events are written, then the error is returned (the outcome the client cannot know). */
  readonly afterWrite?: boolean;
  /** Only calls on this stream (`readStream`, `append`, deletes). */
  readonly streamId?: string;
}

export interface RecordedCall {
  readonly operation: FakeOperation;
  readonly streamId?: string;
  readonly options: RecordedOptions;
}

export interface FakeEventStoreDbClientOptions {
  /** Events whose ids an `any` / `stream_exists` append remembers (the server's is bounded by memory). */
  readonly recentEventIds?: number;
  /** Bytes of event data and metadata one append may carry (the server's `MaxAppendSize`, default 1 MiB). */
  readonly maxAppendSize?: number;
  /** As `throwOnAppendFailure=false` in a connection string: a conflict resolves with `success: false`. */
  readonly throwOnAppendFailure?: boolean;
}

const TOMBSTONE_REVISION = 9223372036854775807n;
const DELETED_TRUNCATE_BEFORE = 9223372036854775807n;
const INVALID_POSITION = 'Trying to read from an invalid position.';

function compare(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

/**
 * One gRPC call as the client hands it over: an async iterable that stays open until it is read
 * to the end, fails, or is cancelled.
 */
class FakeCall<T> implements AsyncIterable<T> {
  private state: 'open' | 'finished' | 'cancelled' = 'open';
  private wake: (() => void) | undefined;
  private failure: Error | undefined;
  private ended = false;
  private stalled = false;

  constructor(
    private readonly next: () => { value: T } | { wait: true } | { done: true } | { error: Error },
    private readonly onClose: (call: FakeCall<T>) => void,
  ) {}

  get open(): boolean {
    return this.state === 'open';
  }

  /** Makes the next read reject (a dropped call). */
  fail(error: Error): void {
    this.failure = error;
    this.poke();
  }

  /** Makes the iteration end as if the server completed the call. */
  end(): void {
    this.ended = true;
    this.poke();
  }

  /** Nothing more is delivered until the call is cancelled. */
  stall(): void {
    this.stalled = true;
  }

  poke(): void {
    this.wake?.();
  }

  async cancel(): Promise<void> {
    if (this.state !== 'open') return;
    this.state = 'cancelled';
    this.onClose(this);
    this.poke();
  }

  unsubscribe(): Promise<void> {
    return this.cancel();
  }

  [Symbol.asyncIterator](): AsyncIterator<T> {
    return {
      next: async (): Promise<IteratorResult<T>> => {
        for (;;) {
          if (this.state === 'cancelled') return { done: true, value: undefined };
          if (this.state === 'finished') return { done: true, value: undefined };
          if (this.failure) return this.close(this.failure);
          if (this.ended) {
            this.finish();
            return { done: true, value: undefined };
          }
          const step = this.stalled ? ({ wait: true } as const) : this.next();
          if ('value' in step) return { done: false, value: step.value };
          if ('done' in step) {
            this.finish();
            return { done: true, value: undefined };
          }
          if ('error' in step) return this.close(step.error);
          await new Promise<void>((resolve) => (this.wake = resolve));
          this.wake = undefined;
        }
      },
      // Leaving a `for await` early: the client destroys its stream but the gRPC call stays open.
      return: async (): Promise<IteratorResult<T>> => ({ done: true, value: undefined }),
    };
  }

  private finish(): void {
    if (this.state !== 'open') return;
    this.state = 'finished';
    this.onClose(this);
  }

  private close(error: Error): never {
    this.finish();
    throw error;
  }
}

/** What every connection to one fake server shares: the log, the streams, the faults to come. */
class FakeServerState {
  readonly log: LogRecord[] = [];
  readonly streams = new Map<string, StreamState>();
  readonly knownPositions = new Set<bigint>();
  /** Event id → where it was written, bounded: the server's recent-commits cache. */
  readonly recentIds = new Map<string, { streamId: string; revision: bigint }>();
  /** Calls of every connection not yet finished or cancelled. */
  readonly calls = new Set<FakeCall<unknown>>();
  readonly subscriptions = new Set<FakeCall<unknown>>();
  readonly faults: InjectedFault[] = [];
  readonly recordedCalls: RecordedCall[] = [];
  stallReads = 0;
  nextOffset = 0n;
  appendCount = 0;

  constructor(
    readonly recentCapacity: number,
    readonly maxAppendSize: number,
  ) {}
}

export class FakeEventStoreDbClient {
  private readonly server: FakeServerState;
  /** This connection's own calls: `dispose()` cancels them, as the client does. */
  private readonly ownCalls = new Set<FakeCall<unknown>>();
  readonly throwOnAppendFailure: boolean;

  constructor(options: FakeEventStoreDbClientOptions = {}, sharing?: FakeEventStoreDbClient) {
    this.throwOnAppendFailure = options.throwOnAppendFailure ?? true;
    if (sharing) {
      this.server = sharing.server;
      return;
    }
    this.server = new FakeServerState(options.recentEventIds ?? 1000, options.maxAppendSize ?? 1024 * 1024);
    this.writeSystem('$epoch', '$epoch-information');
  }

  /** Another client of the same server (another process): its own calls, the same data. */
  connect(options: FakeEventStoreDbClientOptions = {}): FakeEventStoreDbClient {
    return new FakeEventStoreDbClient(options, this);
  }

  /** Every call made to the server, with its options (`requiresLeader`, `deadline`). */
  get recordedCalls(): readonly RecordedCall[] {
    return this.server.recordedCalls;
  }

  // ---- faults ------------------------------------------------------------------------------

  /** The next call of this kind fails with `error` (appends: before writing, unless `afterWrite`). */
  failNext(fault: InjectedFault): void {
    this.server.faults.push(fault);
  }

  /** Every live subscription fails with `error` (a dropped connection), or ends as if completed. */
  dropSubscriptions(how: FakeErrorType | 'end'): void {
    for (const subscription of this.server.subscriptions) {
      if (how === 'end') subscription.end();
      else subscription.fail(fakeClientError(how, `subscription dropped: ${how}`));
    }
  }

  /** Every live subscription stops delivering, without an error, until it is cancelled. */
  stallSubscriptions(): void {
    for (const subscription of this.server.subscriptions) subscription.stall();
  }

  /** The next `count` reads hang until they are cancelled (a server that does not answer). */
  stallNextReads(count = 1): void {
    this.server.stallReads += count;
  }

  /** Calls (reads and subscriptions) neither read to the end nor cancelled. */
  openCalls(): number {
    return this.server.calls.size;
  }

  liveSubscriptions(): number {
    return this.server.subscriptions.size;
  }

  // ---- the client's surface ----------------------------------------------------------------

  async appendToStream(streamName: string, events: EventDataLike | EventDataLike[], options: CallOptions & { expectedRevision?: ExpectedRevisionOption } = {}) {
    this.record('append', streamName, options);
    const batch = Array.isArray(events) ? events : [events];
    const fault = this.takeFault('append', streamName);
    if (fault && !fault.afterWrite) throw fakeClientError(fault.error, `${fault.error} (injected)`);
    const size = batch.reduce((total, item) => total + Buffer.byteLength(JSON.stringify(item.data)) + Buffer.byteLength(JSON.stringify(item.metadata ?? {})), 0);
    if (size > this.server.maxAppendSize) {
      throw fakeClientError('maximum-append-size-exceeded', `Maximum Append Size of ${this.server.maxAppendSize} Exceeded.`, { maxAppendSize: this.server.maxAppendSize });
    }
    const expected = options.expectedRevision ?? 'any';
    const decision = this.checkCommit(streamName, expected, batch.map((item) => item.id));
    if (decision.kind === 'deleted') throw fakeClientError('stream-deleted', `Event stream '${streamName}' is deleted.`, { streamName });
    if (decision.kind === 'wrong') {
      if (!this.throwOnAppendFailure) return { success: false, nextExpectedRevision: decision.current, position: undefined };
      throw fakeClientError('wrong-expected-version', `WrongExpectedVersion ${streamName}: expected ${String(expected)}, current ${String(decision.current)}`, {
        streamName,
        expectedVersion: expected,
        actualVersion: decision.current < 0n ? 'no_stream' : decision.current,
      });
    }
    let result;
    if (decision.kind === 'idempotent') {
      result = { success: true, nextExpectedRevision: decision.end, position: { ...this.recordAt(streamName, decision.end).position } };
    } else {
      const written = this.writeBatch(streamName, batch);
      result = { success: true, nextExpectedRevision: written.revision, position: { ...written.position } };
    }
    if (fault) throw fakeClientError(fault.error, `${fault.error} after the write (injected)`);
    return result;
  }

  readStream(streamName: string, options: CallOptions & { fromRevision?: ReadFrom; direction?: 'forwards' | 'backwards'; maxCount?: number | bigint } = {}) {
    this.record('readStream', streamName, options);
    const fault = this.takeFault('readStream', streamName);
    const select = (): LogRecord[] | Error => {
      if (fault) return fakeClientError(fault.error, `${fault.error} (injected)`);
      const stream = this.server.streams.get(streamName);
      if (stream?.tombstoned) return fakeClientError('stream-deleted', `Event stream '${streamName}' is deleted.`, { streamName });
      const records = this.server.log.filter((r) => r.streamId === streamName && r.revision >= (stream?.truncateBefore ?? 0n));
      if (!stream || records.length === 0) return fakeClientError('stream-not-found', `${streamName} not found`, { streamName });
      const backwards = options.direction === 'backwards';
      const from = options.fromRevision ?? (backwards ? 'end' : 'start');
      let selected = backwards
        ? records.filter((r) => from === 'end' || (from !== 'start' && r.revision <= from)).reverse()
        : records.filter((r) => from === 'start' || (from !== 'end' && r.revision >= from));
      if (options.maxCount !== undefined) selected = selected.slice(0, Number(options.maxCount));
      return selected;
    };
    return this.readCall(select);
  }

  readAll(options: CallOptions & { fromPosition?: PositionFrom; direction?: 'forwards' | 'backwards'; maxCount?: number | bigint } = {}) {
    this.record('readAll', undefined, options);
    const fault = this.takeFault('readAll');
    const select = (): LogRecord[] | Error => {
      if (fault) return fakeClientError(fault.error, `${fault.error} (injected)`);
      const backwards = options.direction === 'backwards';
      const from = options.fromPosition ?? (backwards ? 'end' : 'start');
      if (typeof from === 'object' && !this.isBoundary(from)) return fakeClientError('unknown', INVALID_POSITION);
      let selected = backwards
        ? this.server.log.filter((r) => from === 'end' || (from !== 'start' && compare(r.position, from) < 0)).reverse()
        : this.server.log.filter((r) => from === 'start' || (from !== 'end' && compare(r.position, from) >= 0));
      if (options.maxCount !== undefined) selected = selected.slice(0, Number(options.maxCount));
      return selected;
    };
    return this.readCall(select);
  }

  /** Catch-up then live; starts AFTER `fromPosition` (exclusive), as the server does. */
  subscribeToAll(options: CallOptions & { fromPosition?: PositionFrom; filter?: { regex?: string } } = {}) {
    this.record('subscribe', undefined, options);
    const fault = this.takeFault('subscribe');
    const from = options.fromPosition ?? 'start';
    const regex = options.filter?.regex ? new RegExp(options.filter.regex) : undefined;
    let refusal: Error | undefined = fault ? fakeClientError(fault.error, `${fault.error} (injected)`) : undefined;
    let index = 0;
    if (from === 'end') index = this.server.log.length;
    else if (from !== 'start') {
      if (!this.isBoundary(from)) refusal = fakeClientError('unknown', INVALID_POSITION);
      index = this.server.log.findIndex((r) => compare(r.position, from) > 0);
      if (index === -1) index = this.server.log.length;
    }
    const call: FakeCall<ReturnType<FakeEventStoreDbClient['resolved']>> = new FakeCall<ReturnType<FakeEventStoreDbClient['resolved']>>(
      () => {
        if (refusal) return { error: refusal };
        while (index < this.server.log.length) {
          const record = this.server.log[index++];
          if (!regex || regex.test(record.type)) return { value: this.resolved(record) };
        }
        return { wait: true };
      },
      (closed) => {
        this.forget(closed as FakeCall<unknown>);
        this.server.subscriptions.delete(closed as FakeCall<unknown>);
      },
    );
    this.track(call as FakeCall<unknown>);
    this.server.subscriptions.add(call as FakeCall<unknown>);
    return call;
  }

  /** Hard delete: the stream can never be written again; its events stay in `$all` until a scavenge. */
  async tombstoneStream(streamName: string, options: CallOptions = {}) {
    this.record('tombstone', streamName, options);
    const fault = this.takeFault('tombstone', streamName);
    if (fault && !fault.afterWrite) throw fakeClientError(fault.error, `${fault.error} (injected)`);
    const stream = this.server.streams.get(streamName);
    if (stream?.tombstoned) throw fakeClientError('stream-deleted', `Event stream '${streamName}' is deleted.`, { streamName });
    const position = this.write({ streamId: streamName, revision: TOMBSTONE_REVISION, id: `tombstone-${streamName}`, type: '$streamDeleted', dataJson: '{}', metadataJson: '{}' });
    this.server.streams.set(streamName, { ...(stream ?? this.newStream()), tombstoned: true });
    this.notify();
    if (fault) throw fakeClientError(fault.error, `${fault.error} after the tombstone (injected)`);
    return { position };
  }

  /** Soft delete: stream reads answer "not found", the next append continues after the old last revision. */
  async deleteStream(streamName: string, options: CallOptions = {}) {
    this.record('softDelete', streamName, options);
    const stream = this.server.streams.get(streamName);
    if (stream?.tombstoned) throw fakeClientError('stream-deleted', `Event stream '${streamName}' is deleted.`, { streamName });
    const state = stream ?? this.newStream();
    this.server.streams.set(streamName, { ...state, softDeleted: true, truncateBefore: DELETED_TRUNCATE_BEFORE });
    const position = this.writeMetadata(streamName, DELETED_TRUNCATE_BEFORE);
    this.notify();
    return { position };
  }

  async dispose() {
    for (const call of [...this.ownCalls]) await call.cancel();
  }

  // ---- the server's rules ------------------------------------------------------------------

  /** The server's commit check, reduced to one stream and the expected revisions the client sends. */
  private checkCommit(
    streamName: string,
    expected: ExpectedRevisionOption,
    ids: readonly string[],
  ): { kind: 'ok' } | { kind: 'deleted' } | { kind: 'wrong'; current: bigint } | { kind: 'idempotent'; end: bigint } {
    const stream = this.server.streams.get(streamName);
    const current = stream?.lastRevision ?? -1n;
    if (stream?.tombstoned) return { kind: 'deleted' };
    const softDeleted = stream?.softDeleted ?? false;
    if (expected === 'stream_exists') {
      if (softDeleted) return { kind: 'deleted' };
      if (current < 0n) return { kind: 'wrong', current };
    }
    if (expected === 'any' || expected === 'stream_exists') {
      // Only the bounded cache of recent writes is consulted: an older replay is written again.
      let end = -1n;
      for (let i = 0; i < ids.length; i++) {
        const seen = this.server.recentIds.get(ids[i]);
        if (!seen || seen.streamId !== streamName) return i === 0 ? { kind: 'ok' } : { kind: 'wrong', current };
        end = seen.revision;
      }
      return { kind: 'idempotent', end };
    }
    const expectedRevision = expected === 'no_stream' ? -1n : expected;
    if (expectedRevision < current) {
      let revision = expectedRevision;
      for (let i = 0; i < ids.length; i++) {
        revision++;
        const seen = this.server.recentIds.get(ids[i]);
        if (seen && seen.streamId === streamName && seen.revision === revision) continue;
        if (this.server.log.some((r) => r.streamId === streamName && r.revision === revision && r.id === ids[i])) continue;
        if (i > 0) return { kind: 'wrong', current };
        if (expectedRevision === -1n && softDeleted) return { kind: 'ok' };
        return { kind: 'wrong', current };
      }
      return { kind: 'idempotent', end: revision };
    }
    if (expectedRevision > current) return { kind: 'wrong', current };
    return { kind: 'ok' };
  }

  private writeBatch(streamName: string, batch: readonly EventDataLike[]): { revision: bigint; position: Position } {
    // Real servers interleave system records between user writes.
    if (++this.server.appendCount % 3 === 0) this.writeSystem('$stats-node', '$statsCollected');
    const stream = this.server.streams.get(streamName) ?? this.newStream();
    if (stream.softDeleted) {
      // Writing to a soft-deleted stream recreates it after its old last revision, old events hidden.
      stream.softDeleted = false;
      stream.truncateBefore = stream.lastRevision + 1n;
      this.writeMetadata(streamName, stream.truncateBefore);
    }
    let revision = stream.lastRevision;
    let position: Position = { commit: 0n, prepare: 0n };
    for (const item of batch) {
      revision++;
      position = this.write({ streamId: streamName, revision, id: item.id, type: item.type, dataJson: JSON.stringify(item.data), metadataJson: JSON.stringify(item.metadata ?? {}) });
      this.remember(item.id, streamName, revision);
    }
    this.server.streams.set(streamName, { ...stream, lastRevision: revision });
    this.notify();
    return { revision, position };
  }

  private remember(id: string, streamId: string, revision: bigint): void {
    this.server.recentIds.delete(id);
    this.server.recentIds.set(id, { streamId, revision });
    if (this.server.recentIds.size > this.server.recentCapacity) this.server.recentIds.delete(this.server.recentIds.keys().next().value as string);
  }

  private recordAt(streamName: string, revision: bigint): LogRecord {
    const record = this.server.log.find((r) => r.streamId === streamName && r.revision === revision);
    if (!record) throw new Error(`fake: no record ${streamName}@${revision}`);
    return record;
  }

  private isBoundary(position: Position): boolean {
    return position.commit === position.prepare && (this.server.knownPositions.has(position.commit) || position.commit === this.server.nextOffset);
  }

  private newStream(): StreamState {
    return { lastRevision: -1n, tombstoned: false, softDeleted: false, truncateBefore: 0n };
  }

  private readCall(select: () => LogRecord[] | Error) {
    const stalled = this.server.stallReads > 0;
    if (stalled) this.server.stallReads--;
    let records: LogRecord[] | Error | undefined;
    let index = 0;
    const call: FakeCall<ReturnType<FakeEventStoreDbClient['resolved']>> = new FakeCall<ReturnType<FakeEventStoreDbClient['resolved']>>(
      () => {
        // Selected on the first read, as the server answers once the call is under way.
        records ??= select();
        if (records instanceof Error) return { error: records };
        if (index < records.length) return { value: this.resolved(records[index++]) };
        return { done: true };
      },
      (closed) => this.forget(closed as FakeCall<unknown>),
    );
    if (stalled) call.stall();
    this.track(call as FakeCall<unknown>);
    return call;
  }

  private track(call: FakeCall<unknown>): void {
    this.server.calls.add(call);
    this.ownCalls.add(call);
  }

  private forget(call: FakeCall<unknown>): void {
    this.server.calls.delete(call);
    this.ownCalls.delete(call);
  }

  private takeFault(operation: FakeOperation, streamId?: string): InjectedFault | undefined {
    const index = this.server.faults.findIndex((fault) => fault.operation === operation && (fault.streamId === undefined || fault.streamId === streamId));
    return index === -1 ? undefined : this.server.faults.splice(index, 1)[0];
  }

  private record(operation: FakeOperation, streamId: string | undefined, options: RecordedOptions): void {
    const { requiresLeader, deadline, maxCount, direction } = options;
    this.server.recordedCalls.push({ operation, ...(streamId === undefined ? {} : { streamId }), options: { requiresLeader, deadline, maxCount, direction } });
  }

  private resolved(record: LogRecord) {
    return {
      event: {
        streamId: record.streamId,
        id: record.id,
        revision: record.revision,
        type: record.type,
        data: JSON.parse(record.dataJson) as unknown,
        metadata: JSON.parse(record.metadataJson) as unknown,
        isJson: true,
        created: new Date(0),
        position: { ...record.position },
      },
      commitPosition: record.position.commit,
    };
  }

  private writeSystem(streamId: string, type: string): void {
    const stream = this.server.streams.get(streamId) ?? this.newStream();
    const revision = stream.lastRevision + 1n;
    this.write({ streamId, revision, id: `system-${this.server.nextOffset}`, type, dataJson: '{}', metadataJson: '{}' });
    this.server.streams.set(streamId, { ...stream, lastRevision: revision });
  }

  private writeMetadata(streamName: string, truncateBefore: bigint): Position {
    const metastream = `$$${streamName}`;
    const stream = this.server.streams.get(metastream) ?? this.newStream();
    const revision = stream.lastRevision + 1n;
    const position = this.write({ streamId: metastream, revision, id: `metadata-${this.server.nextOffset}`, type: '$metadata', dataJson: JSON.stringify({ $tb: Number(truncateBefore) }), metadataJson: '{}' });
    this.server.streams.set(metastream, { ...stream, lastRevision: revision });
    return position;
  }

  private write(record: Omit<LogRecord, 'position'>): Position {
    const position = { commit: this.server.nextOffset, prepare: this.server.nextOffset };
    this.server.log.push({ ...record, position });
    this.server.knownPositions.add(this.server.nextOffset);
    this.server.nextOffset += BigInt(120 + record.dataJson.length + record.metadataJson.length);
    return position;
  }

  private notify(): void {
    for (const subscription of this.server.subscriptions) subscription.poke();
  }
}
