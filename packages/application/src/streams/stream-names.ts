/**
 * Every stream name of a Periscol store, in one place. A family's money and slots live in
 * `family-<familyId>`, its identity in `person-<familyId>` (the only stream ever deleted, R17),
 * so that erasure never touches the financial history or its hash chain.
 */
import { createHash } from 'node:crypto';
import type { DocumentPrefix } from '@periscol/reservation-domain';

export const FAMILY_STREAM_PREFIX = 'family-';
export const PERSON_STREAM_PREFIX = 'person-';
export const NUMBERING_STREAM_PREFIX = 'numbering-';
export const IDEMPOTENCY_STREAM_PREFIX = 'idempotency-';

/** Closures of service days (R14), for the whole municipality. */
export const CLOSURES_STREAM = 'catalog-closures';
/** The régie's journal: the days closed by the régisseur (R18). */
export const REGIE_STREAM = 'regie-journal';
/** From which instant each document layout is in use (see documents/document-layouts.ts). */
export const DOCUMENT_LAYOUTS_STREAM = 'document-layouts';
/** Money received for no known order (agents look at it). */
export const UNMATCHED_PAYMENTS_STREAM = 'unmatched-payments';

/** The pointage of one day of one activity (R20): every child's marks of that day, decided together. */
export const ATTENDANCE_STREAM_PREFIX = 'attendance-';

/** The places of one day of an activity with a capacity (R23). */
export const PLACES_STREAM_PREFIX = 'places-';

/**
 * `places-<activityId>-<date>` (e.g. `places-mercredi-2026-09-16`), and for a school's own places
 * `places-<activityId>-<date>-site-<hash of the school's key>` (a school's name is no stream id).
 */
export function placesStreamId(key: { readonly activityId: string; readonly date: string; readonly site: string | null }): string {
  const base = `${PLACES_STREAM_PREFIX}${key.activityId}-${key.date}`;
  return key.site === null ? base : `${base}-site-${createHash('sha256').update(key.site, 'utf8').digest('hex').slice(0, 16)}`;
}

export const familyStreamId = (familyId: string): string => `${FAMILY_STREAM_PREFIX}${familyId}`;
/** `attendance-<activityId>-<date>` (e.g. `attendance-restauration-2026-09-14`). */
export const attendanceStreamId = (activityId: string, date: string): string => `${ATTENDANCE_STREAM_PREFIX}${activityId}-${date}`;
export const personStreamId = (familyId: string): string => `${PERSON_STREAM_PREFIX}${familyId}`;

/** `numbering-<prefix>-<year>` (e.g. `numbering-R-2026`): one gap-free sequence per document kind and year. */
export function numberingStreamId(prefix: DocumentPrefix, year: number): string {
  return `${NUMBERING_STREAM_PREFIX}${prefix}-${year}`;
}

export function isNumberingStream(streamId: string): boolean {
  return /^numbering-[RAF]-\d{4}$/.test(streamId);
}

/** The stream recording a request's first answer (R12), per idempotency command key. */
export const idempotencyStreamId = (commandKey: string): string => `${IDEMPOTENCY_STREAM_PREFIX}${commandKey}`;

/** Which host sends an e-mail when hosts keep their own outboxes (EventStoreDB): one claim per Message-ID. */
export const MAIL_CLAIM_STREAM_PREFIX = 'mail-claim-';

/** `mail-claim-<sha-256 of the Message-ID>`: the Message-ID holds characters a stream id should not. */
export function mailClaimStreamId(messageId: string): string {
  return `${MAIL_CLAIM_STREAM_PREFIX}${createHash('sha256').update(messageId).digest('hex').slice(0, 32)}`;
}

/** The family of a `family-<id>` stream, else undefined. */
export function familyIdOfFamilyStream(streamId: string): string | undefined {
  return streamId.startsWith(FAMILY_STREAM_PREFIX) ? streamId.slice(FAMILY_STREAM_PREFIX.length) : undefined;
}

/** The family of a `family-<id>` or `person-<id>` stream, else undefined. */
export function familyIdOfStream(streamId: string): string | undefined {
  if (streamId.startsWith(FAMILY_STREAM_PREFIX)) return streamId.slice(FAMILY_STREAM_PREFIX.length);
  if (streamId.startsWith(PERSON_STREAM_PREFIX)) return streamId.slice(PERSON_STREAM_PREFIX.length);
  return undefined;
}
