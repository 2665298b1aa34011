/**
 * Commands of the family decider. Time (`metadata.now`) and every id come in with the command,
 * generated at the edge: `decide` never reads the clock nor draws an id.
 */
import type { Instant, IsoDate } from '../shared';
import type { QuotientFamilialRecord } from '../catalog/quotient-familial-policy';
import type { PaidMethod, PaymentProvider } from './family.events';

export interface CommandMetadata {
  readonly now: Instant;
  readonly [key: string]: unknown;
}

export interface DomainCommand<Type extends string, Data> {
  readonly type: Type;
  readonly data: Data;
  readonly metadata: CommandMetadata;
}

/** A slot (R2): one child, one activity, one date. */
export interface Slot {
  readonly childId: string;
  readonly activityId: string;
  readonly date: IsoDate;
}

/** What pricing needs from the person stream (R3: QF at request time). Null: no QF known. */
export interface Pricing {
  /** The QF known when the family books. */
  readonly quotientFamilial: number | null;
  /**
   * The family's QF attestations, oldest first, for a town whose QF changes apply later
   * (`catalog.quotientFamilial`: the next month, or a reference date); absent: `quotientFamilial`.
   */
  readonly quotientFamilialHistory?: readonly QuotientFamilialRecord[];
  /**
   * Per child (by childId), what prices by level and PAI read: the school level from the grade,
   * and whether a medical protocol (PAI) applies. Absent or unreadable → the child's grid price.
   */
  readonly children?: Readonly<Record<string, ChildPricing>>;
}

export interface ChildPricing {
  readonly schoolLevel?: 'maternelle' | 'elementaire';
  readonly medicalProtocol?: boolean;
  /** The child's own QF (a fostered child: its own family's), which prices it instead of the family's. */
  readonly quotientFamilial?: number;
  /**
   * The child's school, for the days closed for one school (R14: such a day is closed to this
   * child). Read from the person stream at request time, never recorded in the family stream.
   */
  readonly school?: string;
}

export type RegisterFamily = DomainCommand<'RegisterFamily', { readonly familyId: string; readonly resident: boolean }>;
export type EnrolChild = DomainCommand<'EnrolChild', { readonly childId: string; readonly activityIds: readonly string[] }>;
export type ChangeEnrolment = DomainCommand<
  'ChangeEnrolment',
  { readonly childId: string; readonly activityIds: readonly string[] }
>;
export type RequestReservation = DomainCommand<
  'RequestReservation',
  { readonly orderId: string; readonly slots: readonly Slot[]; readonly pricing: Pricing }
>;
/** « OK » (R5): confirms a pending order whose amount due is 0. */
export type ConfirmWithCredit = DomainCommand<'ConfirmWithCredit', { readonly orderId: string }>;
export type StartPayment = DomainCommand<
  'StartPayment',
  { readonly orderId: string; readonly paymentId: string; readonly provider: PaymentProvider }
>;
export type ConfirmPayment = DomainCommand<
  'ConfirmPayment',
  {
    readonly paymentId: string;
    readonly orderId: string;
    readonly provider: PaymentProvider;
    /** A number, not a schema-checked integer, so that a bad amount is refused as AMOUNT_INVALID. */
    readonly amountCents: number;
    /** Id of the credit issued when the payment cannot confirm its order; default `<paymentId>-credit`. */
    readonly creditId?: string;
    /**
     * The provider's own id of this payment (Stripe's payment intent). With it, a second
     * delivery of the same provider payment is told apart from another payment reported under
     * the same `paymentId`, which is then credited as `<paymentId>~<providerReference>`.
     */
    readonly providerReference?: string;
    /** How a PayFiP payment was paid, when the provider said so (R18). */
    readonly method?: PaidMethod;
  }
>;
/**
 * R7: money received that no family could take (an unmatched payment), attached by the régisseur
 * to this family: it becomes the family's credit in full, a receipt like any payment. The
 * provider's time of the payment comes as `metadata.now`.
 */
export type AttachUnmatchedPayment = DomainCommand<
  'AttachUnmatchedPayment',
  {
    /** Derived from the provider payment at the edge, so it never clashes with the family's own ids. */
    readonly paymentId: string;
    /** The order the provider named (known to no family): kept on the receipt. */
    readonly orderId: string;
    readonly provider: PaymentProvider;
    readonly amountCents: number;
    /** The provider's id of the payment: the receipt is reconciled on it. */
    readonly providerReference: string;
    readonly method?: PaidMethod;
    /** Why this family: recorded on the credit. */
    readonly reason: string;
  }
>;
export type IssuePaymentTicket = DomainCommand<
  'IssuePaymentTicket',
  { readonly paymentId: string; readonly ticketNumber: string }
>;
export type ExpireOrder = DomainCommand<'ExpireOrder', { readonly orderId: string }>;
export type AbandonOrder = DomainCommand<'AbandonOrder', { readonly orderId: string }>;
export type CancelReservation = DomainCommand<
  'CancelReservation',
  { readonly cancellationId: string; readonly creditId: string; readonly slots: readonly Slot[] }
>;
export type NumberCreditNote = DomainCommand<
  'NumberCreditNote',
  { readonly creditId: string; readonly creditNoteNumber: string }
>;
export type GrantGoodwillCredit = DomainCommand<
  'GrantGoodwillCredit',
  { readonly creditId: string; readonly amountCents: number; readonly reason: string }
>;
export type RefundCredit = DomainCommand<
  'RefundCredit',
  { readonly refundId: string; readonly amountCents: number; readonly reference: string }
>;
/** Asked by one person (the régisseur), decided by another (an administrator): R19. */
export type RequestRefund = DomainCommand<
  'RequestRefund',
  {
    readonly requestId: string;
    readonly amountCents: number;
    readonly reason: string;
    /** The credits (lots) the refund is for, as the mandat cites them. */
    readonly creditIds: readonly string[];
    /** The agent asking (an account id, never a name). */
    readonly requestedBy: string;
  }
>;
export type ValidateRefundRequest = DomainCommand<'ValidateRefundRequest', { readonly requestId: string; readonly validatedBy: string }>;
export type RejectRefundRequest = DomainCommand<
  'RejectRefundRequest',
  { readonly requestId: string; readonly rejectedBy: string; readonly reason: string }
>;
export type CloseServiceDay = DomainCommand<
  'CloseServiceDay',
  {
    readonly activityId: string;
    readonly date: IsoDate;
    readonly reason: string;
    readonly cancellationId: string;
    readonly creditId: string;
    /** Close it for the children of this school only (absent: every child of the family). */
    readonly school?: string;
    /**
     * With `school`: each child's school by childId, from the person stream when the closure is
     * decided. A child without one here is not reached. The events name the children cancelled,
     * so a replay never needs these again (the person stream may be erased by then, R17).
     */
    readonly schools?: Readonly<Record<string, string>>;
  }
>;
export type RecordPersonalDataErased = DomainCommand<'RecordPersonalDataErased', { readonly reason: string }>;
/**
 * R22: a parent declares a reserved day absent after its cancellation deadline, with a proof
 * stored outside the history (the file is health data, erasable, R17): only its reference here.
 */
export type DeclareAbsence = DomainCommand<
  'DeclareAbsence',
  {
    readonly absenceId: string;
    readonly childId: string;
    readonly activityId: string;
    readonly date: IsoDate;
    /** The media type as read from the file; which ones the town accepts is a rule (PROOF_TYPE_NOT_ACCEPTED). */
    readonly proof: { readonly sha256: string; readonly mediaType: string; readonly sizeBytes: number; readonly storageId: string };
  }
>;
/** R22: an agent accepts a declared absence; the day is cancelled and credited under these ids. */
export type AcceptAbsence = DomainCommand<
  'AcceptAbsence',
  { readonly absenceId: string; readonly acceptedBy: string; readonly cancellationId: string; readonly creditId: string }
>;
/** R22: an agent refuses a declared absence, with a reason; the day stays paid. */
export type RefuseAbsence = DomainCommand<'RefuseAbsence', { readonly absenceId: string; readonly refusedBy: string; readonly reason: string }>;

export type FamilyCommand =
  | RegisterFamily
  | EnrolChild
  | ChangeEnrolment
  | RequestReservation
  | ConfirmWithCredit
  | StartPayment
  | ConfirmPayment
  | AttachUnmatchedPayment
  | IssuePaymentTicket
  | ExpireOrder
  | AbandonOrder
  | CancelReservation
  | NumberCreditNote
  | GrantGoodwillCredit
  | RefundCredit
  | RequestRefund
  | ValidateRefundRequest
  | RejectRefundRequest
  | CloseServiceDay
  | RecordPersonalDataErased
  | DeclareAbsence
  | AcceptAbsence
  | RefuseAbsence;

export type FamilyCommandType = FamilyCommand['type'];

export function slotKey(slot: Slot): string {
  return `${slot.childId}|${slot.activityId}|${slot.date}`;
}
