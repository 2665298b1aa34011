/**
 * Reading stored family events (R16): an event of any released version is checked against its
 * schema and upgraded step by step to the current shape.
 */
import * as E from 'fp-ts/Either';
import type { EventMetadata, FamilyEvent, FamilyEventType } from './family.events';
import { isFamilyEventType, schemaVersions } from './family.event-schemas';

/** An event as read from storage: the version is either beside the data or in its metadata. */
export interface StoredEventInput {
  readonly type: string;
  readonly data: unknown;
  readonly schemaVersion?: number;
  readonly metadata?: EventMetadata;
}

export interface EventDecodingFailure {
  readonly code: 'INVALID_EVENT';
  readonly message: string;
  readonly details?: unknown;
}

export class EventDecodingError extends Error {
  readonly code = 'INVALID_EVENT';
  constructor(readonly failure: EventDecodingFailure) {
    super(failure.message);
    this.name = 'EventDecodingError';
  }
}

export interface UpcastOptions {
  /**
   * false: trust events already at the current version (written by this code) and skip their
   * zod parse — for full replays of a trusted store. Older versions are always parsed.
   */
  readonly validate?: boolean;
}

function versionOf(raw: StoredEventInput): number | undefined {
  const version = raw.schemaVersion ?? raw.metadata?.['schemaVersion'];
  return typeof version === 'number' ? version : undefined;
}

/** Reads a stored event into the current shape, upgrading older versions step by step. */
export function decodeFamilyEvent(raw: StoredEventInput, options: UpcastOptions = {}): E.Either<EventDecodingFailure, FamilyEvent> {
  if (!isFamilyEventType(raw.type)) {
    return E.left({ code: 'INVALID_EVENT', message: `Unknown family event type "${raw.type}"` });
  }
  const steps = schemaVersions[raw.type];
  const version = versionOf(raw);
  if (version === undefined || !Number.isInteger(version) || version < 1 || version > steps.length) {
    return E.left({
      code: 'INVALID_EVENT',
      message: `${raw.type}: schema version ${String(version)} is not one of 1..${steps.length}`,
    });
  }
  let data: unknown = raw.data;
  if (options.validate === false && version === steps.length) {
    return E.right(withMetadata(raw.type, data, raw.metadata));
  }
  for (let v = version; v <= steps.length; v++) {
    const step = steps[v - 1];
    const parsed = step.schema.safeParse(data);
    if (!parsed.success) {
      return E.left({
        code: 'INVALID_EVENT',
        message: `${raw.type} v${v} does not match its schema`,
        details: parsed.error.issues,
      });
    }
    data = step.upgrade ? (step.upgrade as (d: unknown) => unknown)(parsed.data) : parsed.data;
  }
  return E.right(withMetadata(raw.type, data, raw.metadata));
}

function withMetadata(type: FamilyEventType, data: unknown, metadata: EventMetadata | undefined): FamilyEvent {
  return (metadata === undefined ? { type, data } : { type, data, metadata }) as FamilyEvent;
}

/** `decodeFamilyEvent` that throws `EventDecodingError`: a stored event that does not decode is corruption. */
export function upcastFamilyEvent(raw: StoredEventInput, options?: UpcastOptions): FamilyEvent {
  const decoded = decodeFamilyEvent(raw, options);
  if (E.isLeft(decoded)) throw new EventDecodingError(decoded.left);
  return decoded.right;
}
