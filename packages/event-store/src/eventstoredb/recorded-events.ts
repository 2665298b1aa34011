/**
 * The client's records and the port's events, both ways. A global position is an event's commit
 * position in the transaction log: every event the gRPC client writes is its own committed
 * prepare, so commit = prepare and `{ commit: p, prepare: p }` is the event's exact place (the
 * server refuses a position that is not the start of a record).
 */
import { jsonEvent, JSONType, Position, START } from '@eventstore/db-client';
import type { AllStreamRecordedEvent, ReadPosition, RecordedEvent, ResolvedEvent } from '@eventstore/db-client';
import type { ChainedRecord } from '../append-rules';
import type { StoredEvent, StoredEventMetadata } from '../event-store.port';

export function toEventData(record: ChainedRecord) {
  return jsonEvent({
    id: record.eventId,
    type: record.type,
    data: JSON.parse(record.dataJson) as JSONType,
    metadata: JSON.parse(record.metadataJson) as JSONType,
  });
}

export function toStoredEvent(event: RecordedEvent | AllStreamRecordedEvent, position: Position): StoredEvent {
  return {
    type: event.type,
    data: decode(event.data),
    metadata: decode(event.metadata) as StoredEventMetadata,
    streamId: event.streamId,
    revision: Number(event.revision),
    position: positionNumber(position),
  };
}

/** A stream read's event with its global position (servers before 22.6 give only the commit position). */
export function storedEventOf(resolved: ResolvedEvent): StoredEvent | undefined {
  const event = resolved.event;
  if (!event) return undefined;
  const position = event.position ?? (resolved.commitPosition === undefined ? undefined : { commit: resolved.commitPosition, prepare: resolved.commitPosition });
  if (!position) throw new Error('EventStoreDB did not return event positions (server older than 22.6?)');
  return toStoredEvent(event, position);
}

export function positionNumber(position: Position): number {
  const value = Number(position.commit);
  if (!Number.isSafeInteger(value)) throw new Error(`EventStoreDB commit position ${position.commit} exceeds Number.MAX_SAFE_INTEGER`);
  return value;
}

/** Where a read or subscription starts for a port position (0: the start of the log). */
export function readPositionOf(position: number): ReadPosition {
  return position > 0 ? { commit: BigInt(position), prepare: BigInt(position) } : START;
}

/** Records of the server's own streams (`$`-streams) and system event types (`$streamDeleted`, `$metadata`…). */
export function isSystemRecord(event: { readonly type: string; readonly streamId: string }): boolean {
  return event.type.startsWith('$') || event.streamId.startsWith('$');
}

function decode(value: unknown): unknown {
  return value instanceof Uint8Array ? (JSON.parse(Buffer.from(value).toString('utf8')) as unknown) : value;
}
