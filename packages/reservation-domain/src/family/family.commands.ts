/**
 * Commands of the family decider. Time (`metadata.now`) and every id come in with the command,
 * generated at the edge: `decide` never reads the clock nor draws an id.
 */
import type { Instant, IsoDate } from '../shared';
import type { QuotientFamilialRecord } from '../catalog/quotient-familial-policy';
import type { PaymentProvider } from './family.events';

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
  }
>;
export type RecordPersonalDataErased = DomainCommand<'RecordPersonalDataErased', { readonly reason: string }>;

export type FamilyCommand =
  | RegisterFamily
  | EnrolChild
  | ChangeEnrolment
  | RequestReservation
  | ConfirmWithCredit
  | StartPayment
  | ConfirmPayment
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
  | RecordPersonalDataErased;

export type FamilyCommandType = FamilyCommand['type'];

export function slotKey(slot: Slot): string {
  return `${slot.childId}|${slot.activityId}|${slot.date}`;
}
