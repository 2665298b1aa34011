/**
 * Reads a family's two streams as the domain sees them: `family-<id>` decoded and upcast to the
 * current event versions (R16), `person-<id>` folded into the identity (R17: none once deleted).
 * `until` keeps the events the store had recorded at that instant (`metadata.recordedAt`, the
 * store's own clock and part of each hash), which is what « as it was then » means for an audit.
 */
import * as E from 'fp-ts/Either';
import type { EventStore, StoredEvent } from '@periscol/event-store';
import {
  decodeFamilyEvent,
  decodePersonEvent,
  evolvePerson,
  initialPersonState,
  type FamilyEvent,
  type PersonState,
} from '@periscol/reservation-domain';
import { familyStreamId, personStreamId } from '@periscol/application';
import type { Violation } from '../checks/audit-report';


export interface ReadUntil {
  /** ISO 8601 instant: only events recorded at or before it. */
  readonly until?: string;
  /** Only the events up to this revision (family stream). */
  readonly throughRevision?: number;
}

export interface FamilyHistory {
  readonly familyId: string;
  readonly streamExists: boolean;
  /** Decoded and upcast, in revision order (events that failed to decode are left out). */
  readonly events: readonly FamilyEvent[];
  /** The stored events the decoded ones come from (same order). */
  readonly stored: readonly StoredEvent[];
  /** Events that do not decode (unknown type or version, schema mismatch): INVALID_EVENT. */
  readonly failures: readonly Violation[];
}

export function recordedAtMs(event: StoredEvent): number {
  return Date.parse(String(event.metadata.recordedAt));
}

function untilFilter(options: ReadUntil): (event: StoredEvent) => boolean {
  const untilMs = options.until === undefined ? Infinity : Date.parse(options.until);
  if (Number.isNaN(untilMs)) throw new RangeError(`not an instant: ${options.until}`);
  const lastRevision = options.throughRevision ?? Infinity;
  return (event) => event.revision <= lastRevision && recordedAtMs(event) <= untilMs;
}

/** Decodes stored family events; the ones that do not decode become INVALID_EVENT violations. */
export function decodeFamilyEvents(stored: readonly StoredEvent[]): Pick<FamilyHistory, 'events' | 'stored' | 'failures'> {
  const events: FamilyEvent[] = [];
  const kept: StoredEvent[] = [];
  const failures: Violation[] = [];
  for (const event of stored) {
    const decoded = decodeFamilyEvent({ type: event.type, data: event.data, metadata: event.metadata });
    if (E.isRight(decoded)) {
      events.push(decoded.right);
      kept.push(event);
    } else {
      failures.push({ code: 'INVALID_EVENT', message: decoded.left.message + detailOf(decoded.left.details), streamId: event.streamId, revision: event.revision, position: event.position });
    }
  }
  return { events, stored: kept, failures };
}

function detailOf(details: unknown): string {
  if (!Array.isArray(details) || details.length === 0) return '';
  const first = details[0] as { path?: unknown[]; message?: string };
  return `: ${(first.path ?? []).map(String).join('.') || '(root)'} ${first.message ?? ''}`.trimEnd();
}

export async function readFamilyHistory(store: EventStore, familyId: string, options: ReadUntil = {}): Promise<FamilyHistory> {
  const keep = untilFilter(options);
  const read = await store.readStream(familyStreamId(familyId));
  return { familyId, streamExists: read.streamExists, ...decodeFamilyEvents(read.events.filter(keep)) };
}

/** The identity (names, e-mail, QF) as recorded then; null when the stream is absent or was deleted (R17). */
export async function readPersonState(store: EventStore, familyId: string, options: Pick<ReadUntil, 'until'> = {}): Promise<PersonState | null> {
  const keep = untilFilter({ until: options.until });
  const read = await store.readStream(personStreamId(familyId));
  const events = read.events.filter(keep);
  if (!read.streamExists || events.length === 0) return null;
  let state = initialPersonState();
  for (const event of events) {
    const decoded = decodePersonEvent({ type: event.type, data: event.data, metadata: event.metadata });
    if (E.isRight(decoded)) state = evolvePerson(state, decoded.right);
  }
  return state;
}
