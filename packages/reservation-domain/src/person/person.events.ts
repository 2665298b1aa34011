/**
 * Events of `person-<familyId>` (R17): the family's identity, its children's, and the raw
 * quotient familial. Kept out of the financial stream so that deleting this stream when its
 * retention ends forgets the person while every amount of `family-<familyId>` still verifies.
 */
import * as E from 'fp-ts/Either';
import { z } from 'zod';
import { InstantSchema, IsoDateSchema } from '../shared';
import type { Instant, IsoDate } from '../shared';
import {
  EventDecodingError,
  IdSchema,
  QuotientFamilialSchema,
  type DomainEvent,
  type EventDecodingFailure,
  type StoredEventInput,
  type UpcastOptions,
} from '../family';

export type FamilyIdentityRecorded = DomainEvent<
  'FamilyIdentityRecorded',
  { readonly familyId: string; readonly name: string; readonly email: string; /** Postal address on one or more lines. */ readonly address?: string }
>;
export type ChildIdentityRecorded = DomainEvent<
  'ChildIdentityRecorded',
  {
    readonly childId: string;
    readonly firstName: string;
    readonly lastName: string;
    readonly school: string;
    readonly grade: string;
    /** v2: needed for the attestation fiscale de frais de garde (a child under 6 on 1 January). */
    readonly birthDate?: IsoDate;
  }
>;
/**
 * The raw QF is personal data (R17), so it lives here and not in the family stream; a
 * reservation freezes only the price and the tariff bracket it led to.
 */
export type QuotientFamilialUpdated = DomainEvent<
  'QuotientFamilialUpdated',
  { readonly familyId: string; readonly quotientFamilial: number | null; readonly effectiveAt: Instant }
>;

/** The family's choice about the e-mail sent the day before a weekly reservation deadline (on unless turned off). */
export type DeadlineRemindersSet = DomainEvent<'DeadlineRemindersSet', { readonly familyId: string; readonly enabled: boolean; readonly setAt: Instant }>;

/**
 * An agent records that a child eats a packed lunch under a medical protocol (PAI), or no longer
 * does: the grid's `medicalProtocol` price applies to it (R3). Health data: person stream only.
 */
export type ChildMedicalProtocolSet = DomainEvent<
  'ChildMedicalProtocolSet',
  { readonly familyId: string; readonly childId: string; readonly medicalProtocol: boolean; readonly setAt: Instant }
>;

/**
 * An agent records a child's own QF — a fostered child is priced with its own family's QF, not
 * the host family's (R3) — or removes it (`null`: the family's QF again). Person stream only.
 */
export type ChildQuotientFamilialSet = DomainEvent<
  'ChildQuotientFamilialSet',
  { readonly familyId: string; readonly childId: string; readonly quotientFamilial: number | null; readonly effectiveAt: Instant }
>;

export type PersonEvent = FamilyIdentityRecorded | ChildIdentityRecorded | QuotientFamilialUpdated | DeadlineRemindersSet | ChildMedicalProtocolSet | ChildQuotientFamilialSet;
export type PersonEventType = PersonEvent['type'];

const NameSchema = z.string().trim().min(1).max(200);

export const FamilyIdentitySchema = z.object({
  familyId: IdSchema,
  name: NameSchema,
  email: z.email(),
  address: z.string().trim().min(1).max(500).optional(),
});
const ChildIdentityV1Schema = z.object({
  childId: IdSchema,
  firstName: NameSchema,
  lastName: NameSchema,
  school: NameSchema,
  grade: z.string().trim().min(1).max(50),
});
/** v2 adds the birth date, optional (a v1 event reads as a child whose birth date is not known). */
export const ChildIdentitySchema = ChildIdentityV1Schema.extend({ birthDate: IsoDateSchema.optional() });

const schemaVersions: { readonly [T in PersonEventType]: readonly z.ZodType[] } = {
  FamilyIdentityRecorded: [FamilyIdentitySchema],
  ChildIdentityRecorded: [ChildIdentityV1Schema, ChildIdentitySchema],
  QuotientFamilialUpdated: [
    z.object({ familyId: IdSchema, quotientFamilial: QuotientFamilialSchema, effectiveAt: InstantSchema }),
  ],
  DeadlineRemindersSet: [z.object({ familyId: IdSchema, enabled: z.boolean(), setAt: InstantSchema })],
  ChildMedicalProtocolSet: [z.object({ familyId: IdSchema, childId: IdSchema, medicalProtocol: z.boolean(), setAt: InstantSchema })],
  ChildQuotientFamilialSet: [z.object({ familyId: IdSchema, childId: IdSchema, quotientFamilial: QuotientFamilialSchema, effectiveAt: InstantSchema })],
};

export const PERSON_EVENT_TYPES = Object.keys(schemaVersions) as readonly PersonEventType[];

export const PERSON_EVENT_SCHEMA_VERSIONS: { readonly [T in PersonEventType]: number } = Object.fromEntries(
  PERSON_EVENT_TYPES.map((type) => [type, schemaVersions[type].length]),
) as { readonly [T in PersonEventType]: number };

export function isPersonEventType(type: string): type is PersonEventType {
  return Object.prototype.hasOwnProperty.call(schemaVersions, type);
}

export function decodePersonEvent(raw: StoredEventInput, options: UpcastOptions = {}): E.Either<EventDecodingFailure, PersonEvent> {
  if (!isPersonEventType(raw.type)) return E.left({ code: 'INVALID_EVENT', message: `Unknown person event type "${raw.type}"` });
  const versions = schemaVersions[raw.type];
  const version = raw.schemaVersion ?? raw.metadata?.['schemaVersion'];
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1 || version > versions.length) {
    return E.left({ code: 'INVALID_EVENT', message: `${raw.type}: schema version ${String(version)} is not one of 1..${versions.length}` });
  }
  let data = raw.data;
  if (options.validate !== false) {
    const parsed = versions[version - 1].safeParse(raw.data);
    if (!parsed.success) {
      return E.left({ code: 'INVALID_EVENT', message: `${raw.type} v${version} does not match its schema`, details: parsed.error.issues });
    }
    data = parsed.data;
  }
  const event = raw.metadata === undefined ? { type: raw.type, data } : { type: raw.type, data, metadata: raw.metadata };
  return E.right(event as PersonEvent);
}

export function upcastPersonEvent(raw: StoredEventInput, options?: UpcastOptions): PersonEvent {
  const decoded = decodePersonEvent(raw, options);
  if (E.isLeft(decoded)) throw new EventDecodingError(decoded.left);
  return decoded.right;
}
