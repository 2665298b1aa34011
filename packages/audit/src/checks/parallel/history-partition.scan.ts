/**
 * One worker's share of `verify` over a SQLite store: the streams of one partition (a stream is
 * wholly in one partition, chosen by SQLite from its id's last two characters, so the rows of the
 * other partitions are never handed to JavaScript), read in global order with one streaming
 * query. For each stream: its hash chain (a `HashChainVerifier` per stream, so each break is
 * described exactly as the sequential scan describes it) and, for family streams, the ledger
 * fold of `FamilyLedgerAuditor`. Memory is bounded by one folded state per family, as in the
 * sequential path, not by the history's length.
 *
 * A row that is not JSON stops the share: the sequential scan, which can step over such a row
 * and name it, runs instead.
 */
import Database from 'better-sqlite3';
import { HashChainVerifier, type StoredEvent, type StoredEventMetadata } from '@periscol/event-store';
import type { Violation } from '../audit-report';
import { FamilyLedgerAuditor, type FamilyEventCounts, type FamilyVerdict, type KeptViolations } from '../family-ledger.check';
import { leavesStreamIncomplete } from '../hash-chain.check';

export interface PartitionScanInput {
  readonly file: string;
  /** Highest position scanned (the store's head when `verify` started). */
  readonly head: number;
  readonly partition: number;
  readonly partitions: number;
  readonly maxViolations: number;
  /** Rows between two progress reports. */
  readonly progressEvery?: number;
}

export interface StreamScan {
  readonly streamId: string;
  readonly firstPosition: number;
  /** The stream's first break, as `verifyHashChain` of the stream alone names it. */
  readonly broken?: Violation;
}

export type PartitionScanResult =
  | { readonly readable: false; readonly position: number }
  | {
      readonly readable: true;
      readonly eventsRead: number;
      readonly streams: readonly StreamScan[];
      readonly verdicts: readonly FamilyVerdict[];
      readonly eventFindings: { readonly found: KeptViolations; readonly counts: FamilyEventCounts };
    };

type Row = [number, string, number, string, string, string];

/** SQL of the partition of a stream id: cheap for SQLite, spread evenly over ids ending in a counter. */
const PARTITION_OF_STREAM = '(coalesce(unicode(substr(stream_id, -1)), 0) + coalesce(unicode(substr(stream_id, -2, 1)), 0)) % ?';

interface StreamProgress {
  readonly firstPosition: number;
  readonly verifier: HashChainVerifier;
  broken?: Violation;
}

export function scanPartition(input: PartitionScanInput, onProgress?: (position: number) => void): PartitionScanResult {
  const db = new Database(input.file, { readonly: true, fileMustExist: true });
  try {
    const every = input.progressEvery ?? 10_000;
    const streams = new Map<string, StreamProgress>();
    const families = new FamilyLedgerAuditor(input.maxViolations);
    let eventsRead = 0;
    const rows = db
      .prepare<[number, number, number], Row>(`SELECT position, stream_id, revision, type, data, metadata FROM events WHERE position <= ? AND ${PARTITION_OF_STREAM} = ? ORDER BY position`)
      .raw(true)
      .iterate(input.head, input.partitions, input.partition);
    for (const row of rows) {
      let event: StoredEvent;
      try {
        event = { type: row[3], data: JSON.parse(row[4]) as unknown, metadata: JSON.parse(row[5]) as StoredEventMetadata, streamId: row[1], revision: row[2], position: row[0] };
      } catch {
        rows.return?.();
        return { readable: false, position: row[0] };
      }
      eventsRead++;
      let stream = streams.get(event.streamId);
      if (stream === undefined) streams.set(event.streamId, (stream = { firstPosition: event.position, verifier: new HashChainVerifier(false) }));
      if (stream.broken === undefined && !stream.verifier.check(event)) {
        const failure = stream.verifier.result();
        if (!failure.ok) stream.broken = { code: failure.reason, message: failure.message, streamId: failure.streamId, revision: failure.revision, position: failure.position };
      }
      families.pushOne(event);
      if (eventsRead % every === 0) onProgress?.(event.position);
    }
    // Events removed at a stream's end: its head revision is beyond its last event.
    const heads = db.prepare<[number, number], [string, number]>(`SELECT stream_id, revision FROM streams WHERE deleted_at IS NULL AND ${PARTITION_OF_STREAM} = ?`).raw(true);
    for (const [streamId, currentRevision] of heads.iterate(input.partitions, input.partition)) {
      const stream = streams.get(streamId);
      const last = stream?.verifier.lastRevisions().get(streamId);
      if (stream === undefined || stream.broken !== undefined || last === undefined || currentRevision <= last.revision) continue;
      stream.broken = { code: 'TRUNCATED', message: `stream head is revision ${currentRevision} but the last readable event is revision ${last.revision}`, streamId, revision: last.revision + 1, position: last.position };
    }
    const scanned: StreamScan[] = [];
    for (const [streamId, stream] of streams) {
      if (stream.broken !== undefined && leavesStreamIncomplete(stream.broken)) families.markIncomplete(streamId);
      scanned.push({ streamId, firstPosition: stream.firstPosition, ...(stream.broken ? { broken: stream.broken } : {}) });
    }
    onProgress?.(input.head);
    return { readable: true, eventsRead, streams: scanned, verdicts: families.verdicts(), eventFindings: families.eventFindings() };
  } finally {
    db.close();
  }
}
