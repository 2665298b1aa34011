import { z } from 'zod';

/**
 * R23: the events of one places stream — the places of one activity on one date (of one school's
 * own places, when the town's file gives it some), and its waiting list. Ids and dates only
 * (R17): the family, the child and the order that holds a place. R16: each event has its zod schema and version; a
 * changed shape is a new version with its upgrade, never an edit.
 */
export const PLACES_EVENT_SCHEMA_VERSION = 1;

const IdSchema = z.string().min(1).max(200);

export const placeHeldV1Schema = z.object({
  familyId: IdSchema,
  childId: IdSchema,
  /** The order (pending or confirmed) that holds the place. */
  orderId: IdSchema,
  heldAt: z.string(),
});

/** Why a place is given back: the family cancelled, its order timed out or was abandoned, the day was closed (R9, R6, R14). */
export const PLACE_RELEASE_REASONS = ['cancelled', 'timeout', 'abandoned', 'closure'] as const;
export type PlaceReleaseReason = (typeof PLACE_RELEASE_REASONS)[number];

export const placeReleasedV1Schema = z.object({
  familyId: IdSchema,
  childId: IdSchema,
  orderId: IdSchema,
  reason: z.enum(PLACE_RELEASE_REASONS),
  releasedAt: z.string(),
});

/** A family asks for a place on a full day; `rank` is its place in the line when it joined (1 = first). */
export const waitingListJoinedV1Schema = z.object({
  familyId: IdSchema,
  childId: IdSchema,
  rank: z.int().min(1),
  joinedAt: z.string(),
});

/** Why a child leaves the waiting list other than by taking a place: the parent withdrew, or the offer could not be made (no longer bookable). */
export const WAITING_LIST_LEAVE_REASONS = ['withdrawn', 'not_bookable'] as const;
export type WaitingListLeaveReason = (typeof WAITING_LIST_LEAVE_REASONS)[number];

export const waitingListLeftV1Schema = z.object({
  familyId: IdSchema,
  childId: IdSchema,
  reason: z.enum(WAITING_LIST_LEAVE_REASONS),
  leftAt: z.string(),
});

/**
 * A place given back, offered to the first of the line: held for it by the pending order made for
 * it (`orderId`) until `expiresAt` (the activity's `offerHoldMinutes`), confirmed by payment or
 * credit like any order; unconfirmed, the order expires and the place goes to the next in line.
 */
export const placeOfferedV1Schema = z.object({
  familyId: IdSchema,
  childId: IdSchema,
  orderId: IdSchema,
  expiresAt: z.string(),
  offeredAt: z.string(),
});

export type WaitingListJoined = { readonly type: 'WaitingListJoined'; readonly data: z.infer<typeof waitingListJoinedV1Schema> };
export type WaitingListLeft = { readonly type: 'WaitingListLeft'; readonly data: z.infer<typeof waitingListLeftV1Schema> };
export type PlaceOffered = { readonly type: 'PlaceOffered'; readonly data: z.infer<typeof placeOfferedV1Schema> };

export type PlaceHeld = { readonly type: 'PlaceHeld'; readonly data: z.infer<typeof placeHeldV1Schema> };
export type PlaceReleased = { readonly type: 'PlaceReleased'; readonly data: z.infer<typeof placeReleasedV1Schema> };

export type PlacesEvent = PlaceHeld | PlaceReleased | PlaceOffered | WaitingListJoined | WaitingListLeft;
export type PlacesEventType = PlacesEvent['type'];

/** Reads a stored places event whatever its schema version (one version so far). */
export function readPlacesEvent(event: { readonly type: string; readonly data: unknown; readonly metadata: { readonly schemaVersion: number } }): PlacesEvent {
  if (event.metadata.schemaVersion !== 1) throw new Error(`Unknown ${event.type} schema version ${event.metadata.schemaVersion}`);
  switch (event.type) {
    case 'PlaceHeld':
      return { type: 'PlaceHeld', data: placeHeldV1Schema.parse(event.data) };
    case 'PlaceReleased':
      return { type: 'PlaceReleased', data: placeReleasedV1Schema.parse(event.data) };
    case 'PlaceOffered':
      return { type: 'PlaceOffered', data: placeOfferedV1Schema.parse(event.data) };
    case 'WaitingListJoined':
      return { type: 'WaitingListJoined', data: waitingListJoinedV1Schema.parse(event.data) };
    case 'WaitingListLeft':
      return { type: 'WaitingListLeft', data: waitingListLeftV1Schema.parse(event.data) };
    default:
      throw new Error(`Unexpected event ${event.type} in a places stream`);
  }
}
