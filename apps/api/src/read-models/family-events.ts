import type { StoredEvent } from '@periscol/event-store';
import { FAMILY_EVENT_SCHEMA_VERSIONS, isFamilyEventType, upcastFamilyEvent, upcastPersonEvent } from '@periscol/reservation-domain';
import type { FamilyEvent, FamilyEventType, PersonEvent } from '@periscol/reservation-domain';

/** Stream naming (PRODUCT.md §4 and R17). */
export const familyStreamId = (familyId: string): string => `family-${familyId}`;
export const personStreamId = (familyId: string): string => `person-${familyId}`;
export const FAMILY_STREAM_PREFIX = 'family-';
export const PERSON_STREAM_PREFIX = 'person-';

export function familyIdOfStream(streamId: string): string | undefined {
  if (streamId.startsWith(FAMILY_STREAM_PREFIX)) return streamId.slice(FAMILY_STREAM_PREFIX.length);
  if (streamId.startsWith(PERSON_STREAM_PREFIX)) return streamId.slice(PERSON_STREAM_PREFIX.length);
  return undefined;
}

export function familySchemaVersionOf(type: string): number {
  if (!isFamilyEventType(type)) throw new Error(`Not a family event type: ${type}`);
  return FAMILY_EVENT_SCHEMA_VERSIONS[type as FamilyEventType];
}

// Every projection of a batch, and every fold of a cached stream, sees the same StoredEvent
// objects: decode each once.
const decodedFamily = new WeakMap<StoredEvent, FamilyEvent>();
const decodedPerson = new WeakMap<StoredEvent, PersonEvent>();

/**
 * A stored family event in its current shape (R16 upcasting). Events already at the current
 * version were validated when written by this code and are not re-parsed; older versions are.
 */
export function familyEventOf(stored: StoredEvent): FamilyEvent {
  let event = decodedFamily.get(stored);
  if (!event) {
    event = upcastFamilyEvent(stored, { validate: false });
    decodedFamily.set(stored, event);
  }
  return event;
}

export function personEventOf(stored: StoredEvent): PersonEvent {
  let event = decodedPerson.get(stored);
  if (!event) {
    event = upcastPersonEvent(stored, { validate: false });
    decodedPerson.set(stored, event);
  }
  return event;
}
