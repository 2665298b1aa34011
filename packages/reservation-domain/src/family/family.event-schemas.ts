/**
 * R16 (docs/rules.md): the zod schema of each version of each family event, and the pure upgrade
 * from one version to the next. Never edit a released version: add the next one and its upgrade.
 * Writers stamp `FAMILY_EVENT_SCHEMA_VERSIONS[type]`.
 */
import { z } from 'zod';
import { CentsSchema, InstantSchema, IsoDateSchema } from '../shared';
import type { FamilyEventData, FamilyEventType } from './family.events';

export const IdSchema = z.string().min(1).max(200);

const TariffAppliedSchema = z.object({ effectiveFrom: IsoDateSchema, bracket: z.string().min(1) });
const ActivityIdsSchema = z.array(IdSchema);
const ProviderV1Schema = z.enum(['stripe', 'simulated']);
/** PayFiP (the DGFiP's online payment service for régies) joined Stripe and the simulated site. */
const ProviderV2Schema = z.enum(['stripe', 'simulated', 'payfip']);

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
  provider: ProviderV1Schema,
  amountCents: CentsSchema,
  paidAt: InstantSchema,
  outcome: z.enum(['order_confirmed', 'credited']),
});

/** v1 → v2: v1 did not record the provider's reference; it stays unknown (absent). */
export function upgradePaymentConfirmedV1(data: z.infer<typeof PaymentConfirmedV1Schema>): FamilyEventData<'PaymentConfirmed'> {
  return data;
}

const PaymentConfirmedV2Schema = PaymentConfirmedV1Schema.extend({ providerReference: IdSchema.optional() });

/** v2 → v3: v3 accepts one more provider (`payfip`); a v2 event reads unchanged. */
export function upgradePaymentConfirmedV2(data: z.infer<typeof PaymentConfirmedV2Schema>): FamilyEventData<'PaymentConfirmed'> {
  return data;
}

const PaymentConfirmedV3Schema = PaymentConfirmedV2Schema.extend({ provider: ProviderV2Schema });

/** v3 → v4: v3 did not record how PayFiP was paid; it stays unknown (absent), grouped as `payfip` (R18). */
export function upgradePaymentConfirmedV3(data: z.infer<typeof PaymentConfirmedV3Schema>): FamilyEventData<'PaymentConfirmed'> {
  return data;
}

const PaymentStartedV1Schema = z.object({
  orderId: IdSchema,
  paymentId: IdSchema,
  provider: ProviderV1Schema,
  amountCents: CentsSchema,
  startedAt: InstantSchema,
});

/** v1 → v2: v2 accepts one more provider (`payfip`); a v1 event reads unchanged. */
export function upgradePaymentStartedV1(data: z.infer<typeof PaymentStartedV1Schema>): FamilyEventData<'PaymentStarted'> {
  return data;
}

export interface VersionStep {
  readonly schema: z.ZodType;
  /** Upgrade from this version's data to the next version's; absent on the current version. */
  readonly upgrade?: (data: never) => unknown;
}

export const schemaVersions: { readonly [T in FamilyEventType]: readonly VersionStep[] } = {
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
    { schema: PaymentStartedV1Schema, upgrade: upgradePaymentStartedV1 },
    { schema: PaymentStartedV1Schema.extend({ provider: ProviderV2Schema }) },
  ],
  PaymentConfirmed: [
    { schema: PaymentConfirmedV1Schema, upgrade: upgradePaymentConfirmedV1 },
    { schema: PaymentConfirmedV2Schema, upgrade: upgradePaymentConfirmedV2 },
    { schema: PaymentConfirmedV3Schema, upgrade: upgradePaymentConfirmedV3 },
    { schema: PaymentConfirmedV3Schema.extend({ method: z.enum(['card', 'direct_debit']).optional() }) },
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
  RefundRequested: [
    {
      schema: z.object({
        requestId: IdSchema,
        familyId: IdSchema,
        amountCents: CentsSchema,
        reason: z.string().min(1),
        creditIds: z.array(IdSchema).min(1),
        requestedBy: IdSchema,
        requestedAt: InstantSchema,
      }),
    },
  ],
  RefundRequestValidated: [
    {
      schema: z.object({ requestId: IdSchema, familyId: IdSchema, amountCents: CentsSchema, validatedBy: IdSchema, validatedAt: InstantSchema }),
    },
  ],
  RefundRequestRejected: [
    {
      schema: z.object({ requestId: IdSchema, familyId: IdSchema, reason: z.string().min(1), rejectedBy: IdSchema, rejectedAt: InstantSchema }),
    },
  ],
  PersonalDataErased: [
    { schema: z.object({ familyId: IdSchema, erasedAt: InstantSchema, reason: z.string().min(1) }) },
  ],
  AbsenceDeclared: [
    {
      schema: z.object({
        absenceId: IdSchema,
        familyId: IdSchema,
        childId: IdSchema,
        activityId: IdSchema,
        date: IsoDateSchema,
        orderId: IdSchema,
        unitPriceCents: CentsSchema,
        proof: z.object({
          sha256: z.string().regex(/^[0-9a-f]{64}$/),
          mediaType: z.enum(['application/pdf', 'image/jpeg', 'image/png']),
          sizeBytes: z.number().int().positive(),
          storageId: IdSchema,
        }),
        declaredAt: InstantSchema,
      }),
    },
  ],
  AbsenceAccepted: [
    {
      schema: z.object({
        absenceId: IdSchema,
        familyId: IdSchema,
        creditCents: CentsSchema,
        cancellationId: IdSchema.optional(),
        creditId: IdSchema.optional(),
        acceptedBy: IdSchema,
        acceptedAt: InstantSchema,
      }),
    },
  ],
  AbsenceRefused: [
    { schema: z.object({ absenceId: IdSchema, familyId: IdSchema, reason: z.string().min(1), refusedBy: IdSchema, refusedAt: InstantSchema }) },
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
