/**
 * Events of the financial stream `family-<familyId>` (PRODUCT.md §4). R17: they carry ids,
 * dates, amounts and the tariff bracket applied — never a name, e-mail, address, school, grade
 * nor the raw quotient familial (those live in `person-<familyId>`, see ../person).
 *
 * R16: each version of an event has its own schema, old versions are never edited and are
 * upgraded when read (`upcastFamilyEvent`). Writers stamp `FAMILY_EVENT_SCHEMA_VERSIONS[type]`.
 */
import * as E from 'fp-ts/Either';
import { z } from 'zod';
import { CentsSchema, InstantSchema, IsoDateSchema } from '../shared';
import type { Cents, Instant, IsoDate } from '../shared';

export const IdSchema = z.string().min(1).max(200);

export type EventMetadata = Readonly<Record<string, unknown>>;

export interface DomainEvent<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata?: EventMetadata;
}

export interface TariffApplied {
  readonly effectiveFrom: IsoDate;
  /** The bracket label (e.g. 'qf<=700', 'non-resident', 'no-qf'), never the QF itself (R17). */
  readonly bracket: string;
}

export interface ReservationLine {
  readonly childId: string;
  readonly activityId: string;
  readonly date: IsoDate;
  /** Frozen at request time (R3): later tariff changes never alter it. */
  readonly unitPriceCents: Cents;
  readonly tariff: TariffApplied;
}

export interface CancellationLine {
  readonly childId: string;
  readonly activityId: string;
  readonly date: IsoDate;
  /** The order that reserved the slot. */
  readonly orderId: string;
  /** R9: the unit price at which the slot was reserved. */
  readonly creditCents: Cents;
}

export type PaymentProvider = 'stripe' | 'simulated';
export type CreditSource = 'cancellation' | 'closure' | 'goodwill' | 'unapplied_payment';
export type ExpiryReason = 'timeout' | 'abandoned' | 'closure';

export type FamilyRegistered = DomainEvent<
  'FamilyRegistered',
  { readonly familyId: string; readonly resident: boolean; readonly registeredAt: Instant }
>;
export type ChildEnrolled = DomainEvent<
  'ChildEnrolled',
  {
    readonly familyId: string;
    readonly childId: string;
    readonly activityIds: readonly string[];
    /** Sibling rank, 1-based in enrolment order (sibling reductions, R3). */
    readonly rank: number;
    readonly enrolledAt: Instant;
  }
>;
export type ChildEnrolmentChanged = DomainEvent<
  'ChildEnrolmentChanged',
  { readonly familyId: string; readonly childId: string; readonly activityIds: readonly string[]; readonly changedAt: Instant }
>;
export type ReservationRequested = DomainEvent<
  'ReservationRequested',
  {
    readonly orderId: string;
    readonly familyId: string;
    readonly lines: readonly ReservationLine[];
    readonly totalCents: Cents;
    readonly creditAppliedCents: Cents;
    readonly amountDueCents: Cents;
    readonly requestedAt: Instant;
    readonly expiresAt: Instant;
  }
>;
export type ReservationConfirmed = DomainEvent<
  'ReservationConfirmed',
  { readonly orderId: string; readonly confirmedAt: Instant; readonly via: 'credit' | 'payment'; readonly paymentId?: string }
>;
export type ReservationExpired = DomainEvent<
  'ReservationExpired',
  { readonly orderId: string; readonly expiredAt: Instant; readonly reason: ExpiryReason; readonly creditReleasedCents: Cents }
>;
export type PaymentStarted = DomainEvent<
  'PaymentStarted',
  {
    readonly orderId: string;
    readonly paymentId: string;
    readonly provider: PaymentProvider;
    readonly amountCents: Cents;
    readonly startedAt: Instant;
  }
>;
export type PaymentConfirmed = DomainEvent<
  'PaymentConfirmed',
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly provider: PaymentProvider;
    readonly amountCents: Cents;
    readonly paidAt: Instant;
    /** 'credited': the payment could not confirm its order and became a credit in full (R7). */
    readonly outcome: 'order_confirmed' | 'credited';
    /** v2: the provider's own id of the payment, when the caller gave it. */
    readonly providerReference?: string;
  }
>;
export type PaymentTicketIssued = DomainEvent<
  'PaymentTicketIssued',
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly ticketNumber: string;
    readonly amountCents: Cents;
    readonly issuedAt: Instant;
  }
>;
export type ReservationCancelled = DomainEvent<
  'ReservationCancelled',
  {
    readonly cancellationId: string;
    readonly familyId: string;
    readonly lines: readonly CancellationLine[];
    readonly totalCents: Cents;
    readonly cancelledAt: Instant;
    readonly reason: 'parent' | 'closure';
  }
>;
export type CreditIssued = DomainEvent<
  'CreditIssued',
  {
    readonly creditId: string;
    readonly familyId: string;
    readonly amountCents: Cents;
    readonly source: CreditSource;
    /** cancellationId (cancellation, closure), paymentId (unapplied_payment), creditId (goodwill). */
    readonly sourceId: string;
    readonly reason?: string;
    readonly issuedAt: Instant;
  }
>;
export type CreditNoteIssued = DomainEvent<
  'CreditNoteIssued',
  { readonly creditId: string; readonly creditNoteNumber: string; readonly issuedAt: Instant }
>;
export type CreditRefunded = DomainEvent<
  'CreditRefunded',
  {
    readonly refundId: string;
    readonly familyId: string;
    readonly amountCents: Cents;
    readonly reference: string;
    readonly refundedAt: Instant;
  }
>;
export type PersonalDataErased = DomainEvent<
  'PersonalDataErased',
  { readonly familyId: string; readonly erasedAt: Instant; readonly reason: string }
>;

export type FamilyEvent =
  | FamilyRegistered
  | ChildEnrolled
  | ChildEnrolmentChanged
  | ReservationRequested
  | ReservationConfirmed
  | ReservationExpired
  | PaymentStarted
  | PaymentConfirmed
  | PaymentTicketIssued
  | ReservationCancelled
  | CreditIssued
  | CreditNoteIssued
  | CreditRefunded
  | PersonalDataErased;

export type FamilyEventType = FamilyEvent['type'];
export type FamilyEventData<T extends FamilyEventType> = Extract<FamilyEvent, { type: T }>['data'];

// ---------------------------------------------------------------------------------------------
// Schemas, one per version. Never edit a released version: add the next one and its upgrade.

const TariffAppliedSchema = z.object({ effectiveFrom: IsoDateSchema, bracket: z.string().min(1) });
const ActivityIdsSchema = z.array(IdSchema);
const ProviderSchema = z.enum(['stripe', 'simulated']);

const ReservationLineV1Schema = z.object({
  childId: IdSchema,
  activityId: IdSchema,
  date: IsoDateSchema,
  unitPriceCents: CentsSchema,
});
const ReservationRequestedV1Schema = z.object({
  orderId: IdSchema,
  familyId: IdSchema,
  lines: z.array(ReservationLineV1Schema).min(1),
  totalCents: CentsSchema,
  creditAppliedCents: CentsSchema,
  amountDueCents: CentsSchema,
  requestedAt: InstantSchema,
  expiresAt: InstantSchema,
});
type ReservationRequestedV1Data = z.infer<typeof ReservationRequestedV1Schema>;

const ReservationRequestedV2Schema = ReservationRequestedV1Schema.extend({
  lines: z.array(ReservationLineV1Schema.extend({ tariff: TariffAppliedSchema })).min(1),
});

/** v1 → v2: v1 lines did not record the tariff; the grid is unknown, its date is the slot's. */
export function upgradeReservationRequestedV1(data: ReservationRequestedV1Data): FamilyEventData<'ReservationRequested'> {
  return {
    ...data,
    lines: data.lines.map((line) => ({ ...line, tariff: { effectiveFrom: line.date, bracket: 'unknown' } })),
  };
}

const PaymentConfirmedV1Schema = z.object({
  paymentId: IdSchema,
  orderId: IdSchema,
  provider: ProviderSchema,
  amountCents: CentsSchema,
  paidAt: InstantSchema,
  outcome: z.enum(['order_confirmed', 'credited']),
});

/** v1 → v2: v1 did not record the provider's reference; it stays unknown (absent). */
export function upgradePaymentConfirmedV1(data: z.infer<typeof PaymentConfirmedV1Schema>): FamilyEventData<'PaymentConfirmed'> {
  return data;
}

interface VersionStep {
  readonly schema: z.ZodType;
  /** Upgrade from this version's data to the next version's; absent on the current version. */
  readonly upgrade?: (data: never) => unknown;
}

const schemaVersions: { readonly [T in FamilyEventType]: readonly VersionStep[] } = {
  FamilyRegistered: [
    { schema: z.object({ familyId: IdSchema, resident: z.boolean(), registeredAt: InstantSchema }) },
  ],
  ChildEnrolled: [
    {
      schema: z.object({
        familyId: IdSchema,
        childId: IdSchema,
        activityIds: ActivityIdsSchema,
        rank: z.number().int().min(1),
        enrolledAt: InstantSchema,
      }),
    },
  ],
  ChildEnrolmentChanged: [
    {
      schema: z.object({ familyId: IdSchema, childId: IdSchema, activityIds: ActivityIdsSchema, changedAt: InstantSchema }),
    },
  ],
  ReservationRequested: [
    { schema: ReservationRequestedV1Schema, upgrade: upgradeReservationRequestedV1 },
    { schema: ReservationRequestedV2Schema },
  ],
  ReservationConfirmed: [
    {
      schema: z.object({
        orderId: IdSchema,
        confirmedAt: InstantSchema,
        via: z.enum(['credit', 'payment']),
        paymentId: IdSchema.optional(),
      }),
    },
  ],
  ReservationExpired: [
    {
      schema: z.object({
        orderId: IdSchema,
        expiredAt: InstantSchema,
        reason: z.enum(['timeout', 'abandoned', 'closure']),
        creditReleasedCents: CentsSchema,
      }),
    },
  ],
  PaymentStarted: [
    {
      schema: z.object({
        orderId: IdSchema,
        paymentId: IdSchema,
        provider: ProviderSchema,
        amountCents: CentsSchema,
        startedAt: InstantSchema,
      }),
    },
  ],
  PaymentConfirmed: [
    { schema: PaymentConfirmedV1Schema, upgrade: upgradePaymentConfirmedV1 },
    { schema: PaymentConfirmedV1Schema.extend({ providerReference: IdSchema.optional() }) },
  ],
  PaymentTicketIssued: [
    {
      schema: z.object({
        paymentId: IdSchema,
        orderId: IdSchema,
        ticketNumber: z.string().min(1),
        amountCents: CentsSchema,
        issuedAt: InstantSchema,
      }),
    },
  ],
  ReservationCancelled: [
    {
      schema: z.object({
        cancellationId: IdSchema,
        familyId: IdSchema,
        lines: z
          .array(
            z.object({
              childId: IdSchema,
              activityId: IdSchema,
              date: IsoDateSchema,
              orderId: IdSchema,
              creditCents: CentsSchema,
            }),
          )
          .min(1),
        totalCents: CentsSchema,
        cancelledAt: InstantSchema,
        reason: z.enum(['parent', 'closure']),
      }),
    },
  ],
  CreditIssued: [
    {
      schema: z.object({
        creditId: IdSchema,
        familyId: IdSchema,
        amountCents: CentsSchema,
        source: z.enum(['cancellation', 'closure', 'goodwill', 'unapplied_payment']),
        sourceId: IdSchema,
        reason: z.string().optional(),
        issuedAt: InstantSchema,
      }),
    },
  ],
  CreditNoteIssued: [
    { schema: z.object({ creditId: IdSchema, creditNoteNumber: z.string().min(1), issuedAt: InstantSchema }) },
  ],
  CreditRefunded: [
    {
      schema: z.object({
        refundId: IdSchema,
        familyId: IdSchema,
        amountCents: CentsSchema,
        reference: z.string().min(1),
        refundedAt: InstantSchema,
      }),
    },
  ],
  PersonalDataErased: [
    { schema: z.object({ familyId: IdSchema, erasedAt: InstantSchema, reason: z.string().min(1) }) },
  ],
};

export const FAMILY_EVENT_TYPES = Object.keys(schemaVersions) as readonly FamilyEventType[];

/** The schema version writers stamp in each event's metadata. */
export const FAMILY_EVENT_SCHEMA_VERSIONS: { readonly [T in FamilyEventType]: number } = Object.fromEntries(
  FAMILY_EVENT_TYPES.map((type) => [type, schemaVersions[type].length]),
) as { readonly [T in FamilyEventType]: number };

export function isFamilyEventType(type: string): type is FamilyEventType {
  return Object.prototype.hasOwnProperty.call(schemaVersions, type);
}

/** The zod schema of one version of an event's data (for documentation and audits). */
export function familyEventSchema(type: FamilyEventType, schemaVersion = FAMILY_EVENT_SCHEMA_VERSIONS[type]): z.ZodType {
  const step = schemaVersions[type][schemaVersion - 1];
  if (!step) throw new RangeError(`${type} has no schema version ${schemaVersion}`);
  return step.schema;
}

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
