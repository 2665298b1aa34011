/**
 * Stored events in their current shape (R16 upcasting), decoded once: every projection of a
 * batch, every fold of a cached stream and the command loop see the same `StoredEvent` objects,
 * so one cache keyed by the stored event serves them all. Events already at the current version
 * were validated when written by this code and are not re-parsed; older versions are.
 */
import type { StoredEvent } from '@periscol/event-store';
import { FAMILY_EVENT_SCHEMA_VERSIONS, isFamilyEventType, upcastFamilyEvent, upcastPersonEvent } from '@periscol/reservation-domain';
import type { FamilyEvent, FamilyEventType, PersonEvent } from '@periscol/reservation-domain';

export function familySchemaVersionOf(type: string): number {
  if (!isFamilyEventType(type)) throw new Error(`Not a family event type: ${type}`);
  return FAMILY_EVENT_SCHEMA_VERSIONS[type as FamilyEventType];
}

const decoded = new WeakMap<StoredEvent, FamilyEvent | PersonEvent>();

// A replay read (`readAllForReplay` of the SQLite store) leaves the metadata unparsed and hands
// the schema version beside it; the domain's decoder reads either.
type Raw = Parameters<typeof upcastFamilyEvent>[0];

/** A stored event of a `family-` stream, decoded and upcast. Throws on an event that is not one. */
export function familyEventOf(stored: StoredEvent): FamilyEvent {
  let event = decoded.get(stored) as FamilyEvent | undefined;
  if (event === undefined) decoded.set(stored, (event = upcastFamilyEvent(stored as Raw, { validate: false })));
  return event;
}

/** A stored event of a `person-` stream, decoded and upcast. Throws on an event that is not one. */
export function personEventOf(stored: StoredEvent): PersonEvent {
  let event = decoded.get(stored) as PersonEvent | undefined;
  if (event === undefined) decoded.set(stored, (event = upcastPersonEvent(stored as Raw, { validate: false })));
  return event;
}
