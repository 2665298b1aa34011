/**
 * A lease recorded in the store itself: the stream `lease-<name>`, whose last event says who
 * holds the lease, until when, and how far the holder's work has gone. Every write appends with
 * the exact revision of the last lease event read, so of two processes that read the same head
 * only one can write the next one: never two holders at a time, on any adapter.
 *
 * The decision is a pure function of the head, the process and the time, kept apart from the
 * timers so that it reads (and is tested) on its own.
 */
import type { NewEvent, StoredEvent } from '../event-store.port';
import { deterministicEventId } from '../event-id';

export const LEASE_STREAM_PREFIX = 'lease-';

export const leaseStreamId = (name: string): string => `${LEASE_STREAM_PREFIX}${name}`;

/** `LeaseTaken` when the holder changes, `LeaseRenewed` by the holder, `LeaseReleased` on a clean stop. */
export type LeaseEventType = 'LeaseTaken' | 'LeaseRenewed' | 'LeaseReleased';

export interface LeaseRecord {
  /** The process holding the lease (unique per process start). */
  readonly holder: string;
  /** ISO instant after which anyone may take the lease (a release sets it to the time of release). */
  readonly until: string;
  /** Global position up to which the holder's work is done: where the next holder starts. */
  readonly position: number;
}

/** The last lease event read: `revision` -1 when the stream does not exist yet. */
export interface LeaseHead {
  readonly revision: number;
  readonly record: LeaseRecord | undefined;
}

export type LeaseDecision =
  | { readonly kind: 'renew'; readonly record: LeaseRecord }
  | { readonly kind: 'take'; readonly record: LeaseRecord }
  | { readonly kind: 'wait'; readonly holder: string; readonly until: Date };

/**
 * What a process does given the head: the holder renews while its lease runs; anyone takes a
 * lease that has ended (or was never taken); the others wait for `until`. A holder whose lease
 * ran out takes it again like anyone else (nobody took it meanwhile, or the append fails).
 */
export function decideLease(head: LeaseHead, holder: string, now: Date, ttlMs: number, position: number): LeaseDecision {
  const until = new Date(now.getTime() + ttlMs).toISOString();
  const current = head.record;
  if (current !== undefined && Date.parse(current.until) > now.getTime()) {
    if (current.holder !== holder) return { kind: 'wait', holder: current.holder, until: new Date(current.until) };
    return { kind: 'renew', record: { holder, until, position: Math.max(position, current.position) } };
  }
  // The work of the previous holder is carried over: the new holder starts where it stopped.
  return { kind: 'take', record: { holder, until, position: Math.max(position, current?.position ?? 0) } };
}

/** The event a decision appends; its id is fixed by the stream, the revision it follows and the record, so a retried append is deduplicated. */
export function leaseEvent(streamId: string, type: LeaseEventType, afterRevision: number, record: LeaseRecord): NewEvent<LeaseEventType, LeaseRecord> {
  return {
    type,
    data: record,
    metadata: { eventId: deterministicEventId(`${streamId}:${afterRevision + 1}:${type}:${record.holder}:${record.until}`, 0), schemaVersion: 1 },
  };
}

/** The record of a stored lease event; undefined for an event this version does not know. */
export function leaseRecordOf(event: StoredEvent): LeaseRecord | undefined {
  if (event.type !== 'LeaseTaken' && event.type !== 'LeaseRenewed' && event.type !== 'LeaseReleased') return undefined;
  const data = event.data as Partial<LeaseRecord> | null;
  if (typeof data?.holder !== 'string' || typeof data.until !== 'string' || typeof data.position !== 'number') return undefined;
  return { holder: data.holder, until: data.until, position: data.position };
}
