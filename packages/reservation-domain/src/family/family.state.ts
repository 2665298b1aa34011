/**
 * The family's state, folded from its events (`./family.evolve`): a family is either not
 * registered yet (the state of an empty stream) or registered, with its id and residence. Both
 * hold the same records — children, slots, orders, payments, credit — empty until registration.
 * Keyed collections are persistent maps, so older states stay valid and cheap.
 */
import type { Cents, Instant, IsoDate } from '../shared';
import type { AbsenceProof, CancellationLine, CreditSource, ExpiryReason, PaymentProvider, ReservationLine } from './family.events';
import type { CreditLot, LotPart } from './credit-lots';
import { PersistentMap } from './internal/persistent-map';

export interface ChildState {
  readonly childId: string;
  readonly activityIds: readonly string[];
  readonly rank: number;
  readonly enrolledAt: Instant;
}

/**
 * A slot held by this family, for the order that holds it. Whether it is pending or reserved is
 * the order's status (`holdingStatus`): confirming an order rewrites no slot.
 */
export interface SlotHolding {
  readonly childId: string;
  readonly activityId: string;
  readonly date: IsoDate;
  readonly orderId: string;
  readonly unitPriceCents: Cents;
}

export interface OrderState {
  readonly orderId: string;
  readonly lines: readonly ReservationLine[];
  readonly totalCents: Cents;
  readonly creditAppliedCents: Cents;
  readonly amountDueCents: Cents;
  readonly requestedAt: Instant;
  readonly expiresAt: Instant;
  readonly expiresAtMs: number;
  readonly status: 'pending' | 'confirmed' | 'expired';
  /** While pending: the lots its applied credit was taken from, to give it back on expiry. */
  readonly heldFrom: readonly LotPart[];
  readonly paymentIds: readonly string[];
  readonly confirmedAt?: Instant;
  readonly via?: 'credit' | 'payment';
  readonly paymentId?: string;
  readonly expiredAt?: Instant;
  readonly expiryReason?: ExpiryReason;
}

export interface PaymentState {
  readonly paymentId: string;
  readonly orderId: string;
  readonly provider: PaymentProvider;
  readonly amountCents: Cents;
  readonly status: 'started' | 'confirmed';
  readonly startedAt?: Instant;
  readonly paidAt?: Instant;
  readonly outcome?: 'order_confirmed' | 'credited';
  readonly ticketNumber?: string;
  readonly ticketIssuedAt?: Instant;
  /** The provider's own id of the payment, when it was given (PaymentConfirmed v2). */
  readonly providerReference?: string;
}

export interface CancellationState {
  readonly cancellationId: string;
  readonly lines: readonly CancellationLine[];
  readonly totalCents: Cents;
  readonly cancelledAt: Instant;
  readonly reason: 'parent' | 'closure';
  readonly creditId?: string;
  /** The family's balance right after the cancellation and its credit (for its document). */
  readonly balanceAfterCents: Cents;
}

export interface CreditState {
  readonly creditId: string;
  readonly seq: number;
  readonly amountCents: Cents;
  readonly source: CreditSource;
  readonly sourceId: string;
  readonly reason?: string;
  readonly issuedAt: Instant;
  readonly creditNoteNumber?: string;
  readonly creditNoteIssuedAt?: Instant;
}

export interface RefundState {
  readonly refundId: string;
  readonly amountCents: Cents;
  readonly reference: string;
  readonly refundedAt: Instant;
}

/** R19: a refund asked by one person and decided by another. */
export interface RefundRequestState {
  readonly requestId: string;
  readonly amountCents: Cents;
  readonly reason: string;
  readonly creditIds: readonly string[];
  readonly requestedBy: string;
  readonly requestedAt: Instant;
  readonly status: 'pending' | 'validated' | 'rejected';
  /** Who validated or rejected it, and when. */
  readonly decidedBy?: string;
  readonly decidedAt?: Instant;
  readonly rejectionReason?: string;
}

/** R22: an absence declared with a proof, and what an agent decided. */
export interface AbsenceState {
  readonly absenceId: string;
  readonly childId: string;
  readonly activityId: string;
  readonly date: IsoDate;
  readonly orderId: string;
  readonly unitPriceCents: Cents;
  readonly proof: AbsenceProof;
  readonly declaredAt: Instant;
  readonly status: 'pending' | 'accepted' | 'refused';
  readonly decidedBy?: string;
  readonly decidedAt?: Instant;
  readonly refusalReason?: string;
  /** Accepted: what was credited (0 when the town credits nothing), and under which ids. */
  readonly creditCents?: Cents;
  readonly cancellationId?: string;
  readonly creditId?: string;
}

export type CreditMovementKind = CreditSource | 'applied_to_order' | 'released_from_order' | 'refund';

/** One change of the credit balance; `amountCents` is signed (+ raises the balance). */
export interface CreditMovement {
  readonly at: Instant;
  readonly kind: CreditMovementKind;
  readonly amountCents: number;
  readonly sourceId: string;
  readonly balanceAfterCents: Cents;
}

/** An immutable list, newest first: appending a movement copies nothing. */
export interface MovementList {
  readonly head: CreditMovement;
  readonly tail: MovementList | null;
}

/** What the family stream records about a family, registered or not (all empty before registration). */
export interface FamilyRecords {
  readonly children: PersistentMap<ChildState>;
  /** Held slots by `slotKeyOf` (`childId|activityId|date`); a freed slot is absent. */
  readonly slots: PersistentMap<SlotHolding>;
  readonly orders: PersistentMap<OrderState>;
  readonly pendingOrderIds: readonly string[];
  readonly payments: PersistentMap<PaymentState>;
  readonly cancellations: PersistentMap<CancellationState>;
  readonly credits: PersistentMap<CreditState>;
  /** Credits with something left, oldest first (R10). */
  readonly openLots: readonly CreditLot[];
  readonly refunds: PersistentMap<RefundState>;
  /** Refund requests (R19), whatever their status. */
  readonly refundRequests: PersistentMap<RefundRequestState>;
  /** Absences declared with a proof (R22), whatever their status. */
  readonly absences: PersistentMap<AbsenceState>;
  /** Σ openLots: what the next reservation may use. Never negative (R10). */
  readonly balanceCents: Cents;
  /** Σ credit held by pending orders. */
  readonly heldCents: Cents;
  readonly creditSeq: number;
  readonly movements: MovementList | null;
}

/** A stream with no `FamilyRegistered` yet: every command but `RegisterFamily` is FAMILY_NOT_REGISTERED. */
export interface NotRegisteredFamilyState extends FamilyRecords {
  readonly status: 'not_registered';
}

export interface RegisteredFamilyState extends FamilyRecords {
  readonly status: 'registered';
  readonly familyId: string;
  /** Non-residents pay `nonResidentCents` where a grid sets it (R3). */
  readonly resident: boolean;
  readonly registeredAt: Instant;
  /** When the family's person stream was erased (R17); null while its personal data is kept. */
  readonly erasedAt: Instant | null;
}

export type FamilyState = NotRegisteredFamilyState | RegisteredFamilyState;

const EMPTY_STATE: NotRegisteredFamilyState = {
  status: 'not_registered',
  children: PersistentMap.empty(),
  slots: PersistentMap.empty(),
  orders: PersistentMap.empty(),
  pendingOrderIds: [],
  payments: PersistentMap.empty(),
  cancellations: PersistentMap.empty(),
  credits: PersistentMap.empty(),
  openLots: [],
  refunds: PersistentMap.empty(),
  refundRequests: PersistentMap.empty(),
  absences: PersistentMap.empty(),
  balanceCents: 0,
  heldCents: 0,
  creditSeq: 0,
  movements: null,
};

export function initialFamilyState(): FamilyState {
  return EMPTY_STATE;
}

/** The family's id once registered, else null (the views of an empty stream). */
export function familyIdOf(state: FamilyState): string | null {
  return state.status === 'registered' ? state.familyId : null;
}

export function slotKeyOf(childId: string, activityId: string, date: IsoDate): string {
  return `${childId}|${activityId}|${date}`;
}
