/**
 * An in-process stand-in for the parts of `EventStoreDBClient` the adapter uses, following the
 * server's documented behaviour: 0-based bigint revisions, expected-revision checks, log-offset
 * positions (commit = prepare, non-contiguous, system events interleaved), inclusive reads from
 * a position, tombstones that keep events in `$all` until scavenge. It lets the adapter's mapping
 * run through the contract suite on machines where no server can run. It is NOT a substitute for
 * the real server run (EVENTSTORE_CONNECTION_STRING).
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

type ReadFrom = 'start' | 'end' | bigint;
type PositionFrom = 'start' | 'end' | Position;

function commandError(type: string, message: string): Error {
  return Object.assign(new Error(message), { type });
}

function compare(a: Position, b: Position): number {
  if (a.commit !== b.commit) return a.commit < b.commit ? -1 : 1;
  if (a.prepare !== b.prepare) return a.prepare < b.prepare ? -1 : 1;
  return 0;
}

export class FakeEventStoreDbClient {
  private readonly log: LogRecord[] = [];
  private readonly streams = new Map<string, { revision: bigint; tombstoned: boolean }>();
  private nextOffset = 0n;
  private appendCount = 0;
  private readonly listeners = new Set<() => void>();

  constructor() {
    this.writeSystem('$epoch', '$epoch-information');
  }

  async appendToStream(streamName: string, events: EventDataLike | EventDataLike[], options: { expectedRevision?: 'any' | 'no_stream' | 'stream_exists' | bigint } = {}) {
    const batch = Array.isArray(events) ? events : [events];
    const stream = this.streams.get(streamName);
    if (stream?.tombstoned) throw commandError('stream-deleted', `${streamName} is deleted`);
    const expected = options.expectedRevision ?? 'any';
    const current = stream ? stream.revision : undefined;
    const ok =
      expected === 'any' ||
      (expected === 'no_stream' && current === undefined) ||
      (expected === 'stream_exists' && current !== undefined) ||
      (typeof expected === 'bigint' && current === expected);
    if (!ok) throw commandError('wrong-expected-version', `WrongExpectedVersion ${streamName}: expected ${String(expected)}, current ${String(current)}`);
    // Real servers interleave system records between user writes.
    if (++this.appendCount % 3 === 0) this.writeSystem(`$stats-node`, '$statsCollected');
    let revision = current ?? -1n;
    let position: Position = { commit: 0n, prepare: 0n };
    for (const item of batch) {
      revision++;
      position = this.write({ streamId: streamName, revision, id: item.id, type: item.type, dataJson: JSON.stringify(item.data), metadataJson: JSON.stringify(item.metadata ?? {}) });
    }
    this.streams.set(streamName, { revision, tombstoned: false });
    this.notify();
    return { success: true, nextExpectedRevision: revision, position };
  }

  /** Errors surface while iterating, as with the real client's streaming reads. */
  async *readStream(streamName: string, options: { fromRevision?: ReadFrom; direction?: 'forwards' | 'backwards'; maxCount?: number | bigint } = {}) {
    const stream = this.streams.get(streamName);
    if (!stream) throw commandError('stream-not-found', `${streamName} not found`);
    if (stream.tombstoned) throw commandError('stream-deleted', `${streamName} is deleted`);
    const records = this.log.filter((r) => r.streamId === streamName && !r.type.startsWith('$'));
    const backwards = options.direction === 'backwards';
    const from = options.fromRevision ?? (backwards ? 'end' : 'start');
    let selected = backwards
      ? records.filter((r) => from === 'end' || (from !== 'start' && r.revision <= from)).reverse()
      : records.filter((r) => from === 'start' || (from !== 'end' && r.revision >= from));
    if (options.maxCount !== undefined) selected = selected.slice(0, Number(options.maxCount));
    for (const record of selected) yield this.resolved(record);
  }

  async *readAll(options: { fromPosition?: PositionFrom; direction?: 'forwards' | 'backwards'; maxCount?: number | bigint } = {}) {
    const backwards = options.direction === 'backwards';
    const from = options.fromPosition ?? (backwards ? 'end' : 'start');
    let selected = backwards
      ? this.log.filter((r) => from === 'end' || (from !== 'start' && compare(r.position, from) < 0)).reverse()
      : this.log.filter((r) => from === 'start' || (from !== 'end' && compare(r.position, from) >= 0));
    if (options.maxCount !== undefined) selected = selected.slice(0, Number(options.maxCount));
    for (const record of selected) yield this.resolved(record);
  }

  subscribeToAll(options: { fromPosition?: PositionFrom; filter?: { regex?: string } } = {}) {
    const from = options.fromPosition ?? 'start';
    const regex = options.filter?.regex ? new RegExp(options.filter.regex) : undefined;
    let index = from === 'start' ? 0 : from === 'end' ? this.log.length : this.log.findIndex((r) => compare(r.position, from) >= 0);
    if (index === -1) index = this.log.length;
    const state = { index, closed: false, wake: undefined as (() => void) | undefined };
    const listener = () => state.wake?.();
    this.listeners.add(listener);
    return Object.assign(this.follow(state, regex), {
      unsubscribe: async () => {
        state.closed = true;
        this.listeners.delete(listener);
        state.wake?.();
      },
    });
  }

  private async *follow(state: { index: number; closed: boolean; wake: (() => void) | undefined }, regex: RegExp | undefined) {
    while (!state.closed) {
      if (state.index < this.log.length) {
        const record = this.log[state.index++];
        if (!regex || regex.test(record.type)) yield this.resolved(record);
        continue;
      }
      await new Promise<void>((resolve) => (state.wake = resolve));
      state.wake = undefined;
    }
  }

  async tombstoneStream(streamName: string) {
    const stream = this.streams.get(streamName);
    if (stream?.tombstoned) throw commandError('stream-deleted', `${streamName} is deleted`);
    const position = this.write({ streamId: streamName, revision: 9223372036854775807n, id: `tombstone-${streamName}`, type: '$streamDeleted', dataJson: '{}', metadataJson: '{}' });
    this.streams.set(streamName, { revision: stream?.revision ?? -1n, tombstoned: true });
    this.notify();
    return { position };
  }

  async dispose() {
    for (const listener of this.listeners) listener();
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
    const revision = (this.streams.get(streamId)?.revision ?? -1n) + 1n;
    this.write({ streamId, revision, id: `system-${this.nextOffset}`, type, dataJson: '{}', metadataJson: '{}' });
    this.streams.set(streamId, { revision, tombstoned: false });
  }

  private write(record: Omit<LogRecord, 'position'>): Position {
    const position = { commit: this.nextOffset, prepare: this.nextOffset };
    this.log.push({ ...record, position });
    this.nextOffset += BigInt(120 + record.dataJson.length + record.metadataJson.length);
    return position;
  }

  private notify(): void {
    for (const listener of this.listeners) listener();
  }
}
