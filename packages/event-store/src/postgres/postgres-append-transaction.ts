/**
 * One append transaction: a batch of appends (group commit) decided and written together.
 *
 * Global order without holes: the transaction first takes the schema's append lock
 * (`pg_advisory_xact_lock`, held until commit or rollback), and only then reads stream heads and
 * inserts events. Positions come from the identity column, so they are drawn under the lock, and
 * PostgreSQL releases a transaction's locks only once its commit is visible: a writer's positions
 * are all above those of every transaction that committed before it, and a reader that sees
 * position p sees everything below p that will ever exist. A subscriber can therefore move its
 * checkpoint past what it has read without skipping a late commit. Writers of every process are
 * serialised by the lock, so each batch also sees every earlier commit when it checks expected
 * revisions and event ids.
 *
 * Each append is decided in memory, in batch order, from the heads read under the lock: a refused
 * append (wrong revision, deleted stream, event-id conflict — in any part of a multi-stream
 * append) writes nothing and fails alone, and
 * the accepted ones are written with one statement for all their events and stream heads. Four
 * round trips per batch, whatever its size: begin and lock, read, write, commit.
 */
import type { ClientBase } from 'pg';
import { chainRecords, ChainedRecord, ExistingEvent, expectedRevisionHolds, PreparedPart, resolveReplay } from '../append-rules';
import { EventStoreError, StreamDeletedError, WrongExpectedRevisionError } from '../event-store.errors';
import type { AppendResult } from '../event-store.port';
import type { StoreSchema } from './postgres-schema';

/** One `appendToStream` (one part) or `appendMany` (its parts, all or nothing). */
export interface AppendRequest {
  readonly parts: readonly PreparedPart[];
}

export type AppendOutcome = { readonly results: AppendResult[] } | { readonly error: EventStoreError };

interface StreamHead {
  revision: number;
  lastHash: string;
  deleted: boolean;
}

/** What was decided for one stream's part; positions of written events are known only after the insert. */
type PartDecision =
  | { readonly kind: 'append'; readonly records: readonly ChainedRecord[] }
  | { readonly kind: 'replay'; readonly nextExpectedRevision: number; readonly lastEventId: string }
  | { readonly kind: 'refuse'; readonly error: EventStoreError };

type AcceptedPart = Exclude<PartDecision, { kind: 'refuse' }>;

/** One request: each part's decision, or the refusal of one of its parts (then none is written). */
type Decision = { readonly kind: 'parts'; readonly parts: readonly AcceptedPart[] } | { readonly kind: 'refuse'; readonly error: EventStoreError };

/** Opens the transaction and waits for the append lock. */
export async function beginAppendTransaction(client: ClientBase, schema: StoreSchema): Promise<void> {
  // READ COMMITTED whatever the server's default: every statement after the lock must see the
  // commits of the writers that held it before (a REPEATABLE READ snapshot would predate them).
  const [lockClass, lockKey] = schema.appendLock;
  await client.query(`BEGIN ISOLATION LEVEL READ COMMITTED; SELECT pg_advisory_xact_lock(${lockClass}, ${lockKey})`);
}

/** Commits; `announcement`, when given, is sent to the schema's channel with the commit. */
export async function commitAppendTransaction(client: ClientBase, schema: StoreSchema, announcement?: string): Promise<void> {
  await client.query(announcement === undefined ? 'COMMIT' : `NOTIFY ${schema.channel}, '${announcement.replace(/'/g, "''")}'; COMMIT`);
}

/** Decides and writes a batch inside a transaction opened by `beginAppendTransaction`; one outcome per request, in order. */
export async function writeAppendBatch(client: ClientBase, schema: StoreSchema, batch: readonly AppendRequest[], recordedAt: string): Promise<AppendOutcome[]> {
  const { heads, stored } = await readBatchState(client, schema, batch);
  const written = new Map<string, ExistingEvent>();
  const decisions = batch.map((request) => decide(request, heads, stored, written, recordedAt));
  const records = decisions.flatMap((decision) => (decision.kind === 'parts' ? decision.parts.flatMap((part) => (part.kind === 'append' ? part.records : [])) : []));
  const positions = records.length === 0 ? new Map<string, number>() : await writeEventsAndHeads(client, schema, records, heads, recordedAt);
  return decisions.map((decision) => outcomeOf(decision, stored, positions));
}

/**
 * Decides a request's parts in order; if one is refused, the heads and ids the earlier parts
 * claimed are given back, so the request writes nothing and the next requests never see them.
 */
function decide(request: AppendRequest, heads: Map<string, StreamHead>, stored: Map<string, ExistingEvent>, written: Map<string, ExistingEvent>, recordedAt: string): Decision {
  if (request.parts.length === 1) {
    const only = decidePart(request.parts[0], heads, stored, written, recordedAt);
    return only.kind === 'refuse' ? only : { kind: 'parts', parts: [only] };
  }
  const headsBefore = new Map(request.parts.map((part) => [part.streamId, heads.get(part.streamId)]));
  const parts: AcceptedPart[] = [];
  for (const part of request.parts) {
    const decision = decidePart(part, heads, stored, written, recordedAt);
    if (decision.kind === 'refuse') {
      for (const [streamId, head] of headsBefore) {
        if (head === undefined) heads.delete(streamId);
        else heads.set(streamId, head);
      }
      for (const earlier of parts) if (earlier.kind === 'append') for (const record of earlier.records) written.delete(record.eventId);
      return decision;
    }
    parts.push(decision);
  }
  return { kind: 'parts', parts };
}

function decidePart(request: PreparedPart, heads: Map<string, StreamHead>, stored: Map<string, ExistingEvent>, written: Map<string, ExistingEvent>, recordedAt: string): PartDecision {
  const { streamId, expected, events } = request;
  try {
    const head = heads.get(streamId) ?? { revision: -1, lastHash: '', deleted: false };
    if (head.deleted) throw new StreamDeletedError(streamId);
    const eventIds = events.map((event) => event.eventId);
    // Any id already stored (or written earlier in this batch): the append is a replay or a conflict, whatever its expected revision.
    const replay = resolveReplay(streamId, eventIds, (eventId) => stored.get(eventId) ?? written.get(eventId));
    if (replay) return { kind: 'replay', nextExpectedRevision: replay.nextExpectedRevision, lastEventId: eventIds[eventIds.length - 1] };
    if (!expectedRevisionHolds(expected, head.revision)) throw new WrongExpectedRevisionError(streamId, expected, head.revision);
    const records = chainRecords(streamId, events, head.revision + 1, head.lastHash, recordedAt);
    for (const record of records) written.set(record.eventId, { streamId, revision: record.revision, position: Number.NaN });
    const last = records[records.length - 1];
    heads.set(streamId, { revision: last.revision, lastHash: last.hash, deleted: false });
    return { kind: 'append', records };
  } catch (error) {
    if (error instanceof EventStoreError) return { kind: 'refuse', error };
    throw error;
  }
}

function outcomeOf(decision: Decision, stored: Map<string, ExistingEvent>, positions: Map<string, number>): AppendOutcome {
  if (decision.kind === 'refuse') return { error: decision.error };
  return { results: decision.parts.map((part) => resultOf(part, stored, positions)) };
}

function resultOf(decision: AcceptedPart, stored: Map<string, ExistingEvent>, positions: Map<string, number>): AppendResult {
  if (decision.kind === 'replay') {
    const lastPosition = stored.get(decision.lastEventId)?.position ?? positionOf(positions, decision.lastEventId);
    return { nextExpectedRevision: decision.nextExpectedRevision, lastPosition, deduplicated: true };
  }
  const last = decision.records[decision.records.length - 1];
  return { nextExpectedRevision: last.revision, lastPosition: positionOf(positions, last.eventId), deduplicated: false };
}

function positionOf(positions: Map<string, number>, eventId: string): number {
  const position = positions.get(eventId);
  if (position === undefined) throw new Error(`event ${eventId} was written but no position came back`);
  return position;
}

/** The heads of the batch's streams and the stored events that carry one of its ids, in one statement (one snapshot). */
async function readBatchState(
  client: ClientBase,
  schema: StoreSchema,
  batch: readonly AppendRequest[],
): Promise<{ heads: Map<string, StreamHead>; stored: Map<string, ExistingEvent> }> {
  const parts = batch.flatMap((request) => request.parts);
  const streamIds = [...new Set(parts.map((part) => part.streamId))];
  const eventIds = parts.flatMap((part) => part.events.map((event) => event.eventId));
  const { rows } = await client.query<{ heads: [string, number, string, boolean][]; stored: [string, string, number, number][] }>(
    `SELECT
       (SELECT coalesce(json_agg(json_build_array(stream_id, revision, last_hash, deleted_at IS NOT NULL)), '[]')
          FROM ${schema.streams} WHERE stream_id = ANY($1::text[])) AS heads,
       (SELECT coalesce(json_agg(json_build_array(event_id, stream_id, revision, position)), '[]')
          FROM ${schema.events} WHERE event_id = ANY($2::text[])) AS stored`,
    [streamIds, eventIds],
  );
  const [{ heads, stored }] = rows;
  return {
    heads: new Map(heads.map(([streamId, revision, lastHash, deleted]) => [streamId, { revision, lastHash, deleted }])),
    stored: new Map(stored.map(([eventId, streamId, revision, position]) => [eventId, { streamId, revision, position }])),
  };
}

/**
 * One statement for the whole batch: inserts the events in batch order (so positions increase in
 * that order) and moves the heads of their streams.
 */
async function writeEventsAndHeads(
  client: ClientBase,
  schema: StoreSchema,
  records: readonly ChainedRecord[],
  heads: Map<string, StreamHead>,
  recordedAt: string,
): Promise<Map<string, number>> {
  const changed = new Set(records.map((record) => record.streamId));
  const headIds: string[] = [];
  const headRevisions: number[] = [];
  const headHashes: string[] = [];
  for (const [streamId, head] of heads) {
    if (!changed.has(streamId)) continue;
    headIds.push(streamId);
    headRevisions.push(head.revision);
    headHashes.push(head.lastHash);
  }
  const { rows } = await client.query<{ position: string; event_id: string }>(
    `WITH appended AS (
       INSERT INTO ${schema.events} (stream_id, revision, event_id, type, data, metadata, recorded_at)
       SELECT stream_id, revision, event_id, type, data, metadata, $7::timestamptz
       FROM unnest($1::text[], $2::integer[], $3::text[], $4::text[], $5::text[], $6::text[])
         WITH ORDINALITY AS batch (stream_id, revision, event_id, type, data, metadata, ordinal)
       ORDER BY ordinal
       RETURNING position, event_id
     ), moved AS (
       INSERT INTO ${schema.streams} (stream_id, revision, last_hash)
       SELECT * FROM unnest($8::text[], $9::integer[], $10::text[])
       ON CONFLICT (stream_id) DO UPDATE SET revision = excluded.revision, last_hash = excluded.last_hash
     )
     SELECT position, event_id FROM appended`,
    [
      records.map((record) => record.streamId),
      records.map((record) => record.revision),
      records.map((record) => record.eventId),
      records.map((record) => record.type),
      records.map((record) => record.dataJson),
      records.map((record) => record.metadataJson),
      recordedAt,
      headIds,
      headRevisions,
      headHashes,
    ],
  );
  return new Map(rows.map((row) => [row.event_id, Number(row.position)]));
}
