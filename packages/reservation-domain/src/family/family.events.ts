/**
 * Events of the financial stream `family-<familyId>`. R17 (docs/rules.md): they carry ids,
 * dates, amounts and the tariff bracket applied — never a name, e-mail, address, school, grade
 * nor the raw quotient familial (those live in `person-<familyId>`, see ../person).
 *
 * R16: each version of an event has its own schema (./family.event-schemas), old versions are
 * never edited and are upgraded when read (./family.event-upcasting).
 */
import type { Cents, Instant, IsoDate } from '../shared';

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

export type PaymentProvider = 'stripe' | 'simulated' | 'payfip';
/** How a PayFiP payment was paid (R18: the journal groups receipts by it). */
export type PaidMethod = 'card' | 'direct_debit';
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
    /** v4: how a PayFiP payment was paid (card `P`, direct debit `V`), when PayFiP said so. */
    readonly method?: PaidMethod;
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
/** R19: a refund asked for; the credit is untouched until another person validates it. */
export type RefundRequested = DomainEvent<
  'RefundRequested',
  {
    readonly requestId: string;
    readonly familyId: string;
    readonly amountCents: Cents;
    readonly reason: string;
    readonly creditIds: readonly string[];
    readonly requestedBy: string;
    readonly requestedAt: Instant;
  }
>;
/** R19: validated by another person; the same decision appends the `CreditRefunded` it orders (refundId = requestId). */
export type RefundRequestValidated = DomainEvent<
  'RefundRequestValidated',
  { readonly requestId: string; readonly familyId: string; readonly amountCents: Cents; readonly validatedBy: string; readonly validatedAt: Instant }
>;
export type RefundRequestRejected = DomainEvent<
  'RefundRequestRejected',
  { readonly requestId: string; readonly familyId: string; readonly reason: string; readonly rejectedBy: string; readonly rejectedAt: Instant }
>;
/**
 * R22: what the history keeps of an absence's proof — its SHA-256, type, size and where the file
 * is stored — never the file, which holds health data and is erased with the family's (R17).
 */
export interface AbsenceProof {
  readonly sha256: string;
  readonly mediaType: 'application/pdf' | 'image/jpeg' | 'image/png';
  readonly sizeBytes: number;
  readonly storageId: string;
}
/** R22: a reserved day declared absent after its cancellation deadline, awaiting an agent. */
export type AbsenceDeclared = DomainEvent<
  'AbsenceDeclared',
  {
    readonly absenceId: string;
    readonly familyId: string;
    readonly childId: string;
    readonly activityId: string;
    readonly date: IsoDate;
    /** The order that reserved the day, and the price it was reserved at. */
    readonly orderId: string;
    readonly unitPriceCents: Cents;
    readonly proof: AbsenceProof;
    readonly declaredAt: Instant;
  }
>;
/**
 * R22: accepted by an agent. With a credit (`creditCents` > 0), the same decision appends the
 * `ReservationCancelled` and `CreditIssued` of a cancellation (R9) under these ids.
 */
export type AbsenceAccepted = DomainEvent<
  'AbsenceAccepted',
  {
    readonly absenceId: string;
    readonly familyId: string;
    readonly creditCents: Cents;
    readonly cancellationId?: string;
    readonly creditId?: string;
    readonly acceptedBy: string;
    readonly acceptedAt: Instant;
  }
>;
/** R22: refused by an agent, with a reason; the day stays paid. */
export type AbsenceRefused = DomainEvent<
  'AbsenceRefused',
  { readonly absenceId: string; readonly familyId: string; readonly reason: string; readonly refusedBy: string; readonly refusedAt: Instant }
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
  | RefundRequested
  | RefundRequestValidated
  | RefundRequestRejected
  | PersonalDataErased
  | AbsenceDeclared
  | AbsenceAccepted
  | AbsenceRefused;

export type FamilyEventType = FamilyEvent['type'];
export type FamilyEventData<T extends FamilyEventType> = Extract<FamilyEvent, { type: T }>['data'];
