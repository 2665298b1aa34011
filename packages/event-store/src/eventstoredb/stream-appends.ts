/**
 * Appends to one stream, as the server treats them.
 *
 * - The stream's tail (its last event, read backwards from the leader) gives the current revision
 *   and the previous hash; the ids known to this process (`StreamEventIds`) plus what others wrote
 *   since tell a replay from a new batch. The write then uses that exact revision, whatever the
 *   caller asked, so nothing slips in between and breaks the hash chain; for `any` and
 *   `stream_exists` a lost race is retried.
 * - The server answers a same-id append at an exact revision behind the stream with SUCCESS and
 *   the original revisions (its own idempotency), so two racing appends of one command would both
 *   look new. Each event is hashed over its `recordedAt` too: reading back the last event and
 *   comparing its hash with the one written says whether this append wrote it. Two processes
 *   writing the same ids in the same millisecond cannot be told apart (their events are
 *   identical); within a process, appends to one stream run one after the other.
 * - A soft-deleted (or wholly truncated) stream reads as missing but takes the next append after
 *   its old events: such an append, hashed as revision 0, would break the chain for good, so it
 *   is refused as a deleted stream.
 * - Sizes and availability get the port's errors; `success: false` (a client built with
 *   `throwOnAppendFailure=false`) is a conflict; a revision other than the one expected is an error.
 */
import { NO_STREAM } from '@eventstore/db-client';
import type { AppendResult as ClientAppendResult, EventStoreDBClient } from '@eventstore/db-client';
import { chainRecords, ChainedRecord, ExistingEvent, expectedRevisionHolds, PreparedEvent, PreparedPart, resolveReplay } from '../append-rules';
import type { Clock } from '../clock';
import { InvalidAppendError, StreamDeletedError, WrongExpectedRevisionError } from '../event-store.errors';
import type { AppendResult, ExpectedRevision, StoredEvent } from '../event-store.port';
import { readStreamEvents, readStreamTail, ReadLimits } from './client-reads';
import type { DeletedStreams } from './deleted-streams';
import { ClientError, clientErrorType, toStoreError } from './eventstoredb.errors';
import { toEventData } from './recorded-events';
import type { StreamEventIds } from './stream-event-ids';

export interface StreamAppendsOptions {
  readonly client: EventStoreDBClient;
  readonly limits: ReadLimits;
  readonly clock: Clock;
  readonly internalRetries: number;
  readonly maxAppendSize: number;
  readonly deletedStreams: DeletedStreams;
  readonly knownIds: StreamEventIds;
}

const NO_EVENTS: ReadonlyMap<string, ExistingEvent> = new Map();

/** The write met another append since the tail was read (the revision it was read at). */
interface LostRace {
  readonly lostRaceAt: number;
}

export class StreamAppends {
  /** The append under way per stream in this process: the next one waits for it. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly options: StreamAppendsOptions) {}

  append(streamId: string, prepared: readonly PreparedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    const previous = this.queues.get(streamId) ?? Promise.resolve();
    const run = previous.then(
      () => this.appendNow(streamId, prepared, expected),
      () => this.appendNow(streamId, prepared, expected),
    );
    const done = run.catch(() => undefined);
    this.queues.set(streamId, done);
    void done.then(() => {
      if (this.queues.get(streamId) === done) this.queues.delete(streamId);
    });
    return run;
  }

  /**
   * A multi-stream append, as honest as a store without multi-stream transactions allows: every
   * part after the first is checked first (deleted stream, replay or id conflict, expected
   * revision), then the parts are written one after another in the order given, each as
   * `append` writes it (the first part's write makes its own checks). A refusal found by the
   * checks writes nothing. A failure, or a writer racing in, between two writes leaves the
   * earlier parts written and rejects: calling again with the same parts (same event ids) finds
   * those as replays and writes the rest. Callers put last the part that must never exist
   * without the others (an answer recorded for a request).
   */
  async appendMany(parts: readonly PreparedPart[]): Promise<AppendResult[]> {
    for (const part of parts.slice(1)) await this.check(part);
    const results: AppendResult[] = [];
    for (const part of parts) results.push(await this.append(part.streamId, part.events, part.expected));
    return results;
  }

  /** The checks of a write, without writing: throws the port's error the write would raise. */
  private async check({ streamId, events, expected }: PreparedPart): Promise<void> {
    if (this.options.deletedStreams.has(streamId)) throw new StreamDeletedError(streamId);
    const { client, limits, knownIds } = this.options;
    let tail: Awaited<ReturnType<typeof readStreamTail>>;
    let known: ReadonlyMap<string, ExistingEvent> = NO_EVENTS;
    try {
      tail = await readStreamTail(client, streamId, limits, true);
      if (tail === 'deleted') throw new StreamDeletedError(streamId);
      if (tail === 'missing' && (await this.emptiedByTheServer(streamId))) throw new StreamDeletedError(streamId);
      if (tail !== 'missing') known = await knownIds.through(streamId, tail, (from, maxCount) => this.readSlice(streamId, from, maxCount));
    } catch (error) {
      if (error instanceof StreamDeletedError) throw error;
      throw toStoreError(error, `append to ${streamId}`, { streamId, outcomeUnknown: false });
    }
    const replay = resolveReplay(
      streamId,
      events.map((event) => event.eventId),
      (eventId) => known.get(eventId),
    );
    if (replay) return;
    const current = tail === 'missing' ? -1 : tail.revision;
    if (!expectedRevisionHolds(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);
  }

  private async appendNow(streamId: string, prepared: readonly PreparedEvent[], expected: ExpectedRevision): Promise<AppendResult> {
    if (this.options.deletedStreams.has(streamId)) throw new StreamDeletedError(streamId);
    for (let attempt = 0; ; attempt++) {
      const phase = { written: false };
      let outcome: AppendResult | LostRace;
      try {
        outcome = await this.attempt(streamId, prepared, expected, phase);
      } catch (error) {
        const type = clientErrorType(error);
        // A follower answered a leader call: the client has moved to the leader, nothing was written.
        if (type === ClientError.NOT_LEADER && attempt < this.options.internalRetries) continue;
        throw toStoreError(error, `append to ${streamId}`, { streamId, outcomeUnknown: phase.written && type !== ClientError.NOT_LEADER });
      }
      if (!('lostRaceAt' in outcome)) return outcome;
      // Another append came between the read and the write: the next pass finds a replay, a
      // conflict, or (for `any` and `stream_exists`) writes again after it.
      if (attempt >= this.options.internalRetries) throw new WrongExpectedRevisionError(streamId, expected, outcome.lostRaceAt);
    }
  }

  /** One read of the tail and one write at its revision. Client errors are thrown as they come. */
  private async attempt(streamId: string, prepared: readonly PreparedEvent[], expected: ExpectedRevision, phase: { written: boolean }): Promise<AppendResult | LostRace> {
    const { client, limits, knownIds } = this.options;
    const tail = await readStreamTail(client, streamId, limits, true);
    if (tail === 'deleted') {
      knownIds.forget(streamId);
      throw new StreamDeletedError(streamId);
    }
    if (tail === 'missing') {
      knownIds.forget(streamId);
      if (await this.emptiedByTheServer(streamId)) throw new StreamDeletedError(streamId);
    }
    const known = tail === 'missing' ? NO_EVENTS : await knownIds.through(streamId, tail, (from, maxCount) => this.readSlice(streamId, from, maxCount));
    const replay = resolveReplay(
      streamId,
      prepared.map((event) => event.eventId),
      (eventId) => known.get(eventId),
    );
    if (replay) return replay;
    const current = tail === 'missing' ? -1 : tail.revision;
    if (!expectedRevisionHolds(expected, current)) throw new WrongExpectedRevisionError(streamId, expected, current);

    const records = chainRecords(streamId, prepared, current + 1, tail === 'missing' ? '' : tail.metadata.hash, this.options.clock().toISOString());
    this.checkSize(records);
    let answer: ClientAppendResult;
    try {
      // From here on, a lost answer leaves the outcome unknown.
      phase.written = true;
      answer = await client.appendToStream(streamId, records.map(toEventData), {
        expectedRevision: current === -1 ? NO_STREAM : BigInt(current),
        requiresLeader: true,
        deadline: limits.deadlineMs,
      });
    } catch (error) {
      if (clientErrorType(error) === ClientError.WRONG_EXPECTED_VERSION) return { lostRaceAt: current };
      throw error;
    }
    if (!answer.success) return { lostRaceAt: current };
    return this.confirm(streamId, records, answer);
  }

  /**
   * What the server did with the records: written by this append, or answered from its own
   * idempotency (the same ids written by another append: `deduplicated`).
   */
  private async confirm(streamId: string, records: readonly ChainedRecord[], answer: ClientAppendResult): Promise<AppendResult> {
    const first = records[0];
    const last = records[records.length - 1];
    const revision = Number(answer.nextExpectedRevision);
    if (revision !== last.revision) {
      throw new Error(`EventStoreDB put the append to ${streamId} at revision ${revision} instead of ${last.revision}: the stream was changed outside this store`);
    }
    const written = await this.readSlice(streamId, first.revision, records.length);
    if (written.length !== records.length || written.some((event, i) => event.metadata.eventId !== records[i].eventId)) {
      throw new Error(`EventStoreDB: could not read back ${streamId}@${first.revision}..${last.revision} after appending it`);
    }
    this.options.knownIds.record(streamId, written);
    const lastWritten = written[written.length - 1];
    return { nextExpectedRevision: last.revision, lastPosition: lastWritten.position, deduplicated: lastWritten.metadata.hash !== last.hash };
  }

  /** Missing, yet emptied by the server: soft-deleted, or truncated (`$tb`) past its last event. */
  private async emptiedByTheServer(streamId: string): Promise<boolean> {
    const read = await readStreamEvents(this.options.client, `$$${streamId}`, { fromRevision: 'end', direction: 'backwards', maxCount: 1, requiresLeader: true }, this.options.limits);
    if (read.kind !== 'found' || read.events.length === 0) return false;
    const truncateBefore = (read.events[0].data as { $tb?: unknown } | null)?.$tb;
    return typeof truncateBefore === 'number' && truncateBefore > 0;
  }

  private async readSlice(streamId: string, fromRevision: number, maxCount?: number): Promise<readonly StoredEvent[]> {
    const read = await readStreamEvents(this.options.client, streamId, { fromRevision, maxCount, requiresLeader: true }, this.options.limits);
    if (read.kind === 'deleted') throw new StreamDeletedError(streamId);
    return read.kind === 'found' ? read.events : [];
  }

  private checkSize(records: readonly ChainedRecord[]): void {
    const bytes = records.reduce((total, record) => total + Buffer.byteLength(record.dataJson) + Buffer.byteLength(record.metadataJson), 0);
    if (bytes > this.options.maxAppendSize) {
      throw new InvalidAppendError('INVALID_EVENT', `the append holds ${bytes} bytes of data and metadata, more than the ${this.options.maxAppendSize} the server accepts (MaxAppendSize)`);
    }
  }
}
