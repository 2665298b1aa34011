/**
 * The family's state, folded from its events. `evolve` is pure and copies only what an event
 * changes: keyed collections are persistent maps, so older states stay valid and cheap.
 */
import type { Cents, Instant, IsoDate } from '../shared';
import type {
  CancellationLine,
  CreditSource,
  ExpiryReason,
  FamilyEvent,
  PaymentProvider,
  ReservationExpired,
  ReservationLine,
} from './family.events';
import { epochMsOfInstant } from './instant-format';
import { PersistentMap } from './persistent-map';

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

/** Credit taken from one lot (R10: oldest first). */
export interface LotPart {
  readonly creditId: string;
  readonly seq: number;
  readonly cents: Cents;
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

export interface CreditLot {
  readonly creditId: string;
  readonly seq: number;
  readonly remainingCents: Cents;
}

export interface RefundState {
  readonly refundId: string;
  readonly amountCents: Cents;
  readonly reference: string;
  readonly refundedAt: Instant;
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

export interface FamilyState {
  readonly familyId: string | null;
  readonly registered: boolean;
  readonly resident: boolean;
  readonly registeredAt: Instant | null;
  readonly erasedAt: Instant | null;
  readonly children: PersistentMap<ChildState>;
  /** Held slots by `slotKey` (`childId|activityId|date`); a freed slot is absent. */
  readonly slots: PersistentMap<SlotHolding>;
  readonly orders: PersistentMap<OrderState>;
  readonly pendingOrderIds: readonly string[];
  readonly payments: PersistentMap<PaymentState>;
  readonly cancellations: PersistentMap<CancellationState>;
  readonly credits: PersistentMap<CreditState>;
  /** Credits with something left, oldest first (R10). */
  readonly openLots: readonly CreditLot[];
  readonly refunds: PersistentMap<RefundState>;
  /** Σ openLots: what the next reservation may use. Never negative (R10). */
  readonly balanceCents: Cents;
  /** Σ credit held by pending orders. */
  readonly heldCents: Cents;
  readonly creditSeq: number;
  readonly movements: MovementList | null;
}

const EMPTY_STATE: FamilyState = draftOf({
  familyId: null,
  registered: false,
  resident: true,
  registeredAt: null,
  erasedAt: null,
  children: PersistentMap.empty(),
  slots: PersistentMap.empty(),
  orders: PersistentMap.empty(),
  pendingOrderIds: [],
  payments: PersistentMap.empty(),
  cancellations: PersistentMap.empty(),
  credits: PersistentMap.empty(),
  openLots: [],
  refunds: PersistentMap.empty(),
  balanceCents: 0,
  heldCents: 0,
  creditSeq: 0,
  movements: null,
});

export function initialFamilyState(): FamilyState {
  return EMPTY_STATE;
}

export function slotKeyOf(childId: string, activityId: string, date: IsoDate): string {
  return `${childId}|${activityId}|${date}`;
}

/** 'pending' while the holding order awaits confirmation, 'reserved' once it is confirmed. */
export function holdingStatus(state: FamilyState, holding: SlotHolding): 'pending' | 'reserved' {
  return state.orders.get(holding.orderId)?.status === 'pending' ? 'pending' : 'reserved';
}

/** The held slots with their status (for read models and audits). */
export function heldSlots(state: FamilyState): (SlotHolding & { readonly status: 'pending' | 'reserved' })[] {
  const out: (SlotHolding & { readonly status: 'pending' | 'reserved' })[] = [];
  state.slots.forEach((holding) => out.push({ ...holding, status: holdingStatus(state, holding) }));
  return out;
}

const NO_PARTS: readonly LotPart[] = Object.freeze([]);

/** `[...items, item]` at its exact size (a spread leaves spare capacity: garbage). */
function appended<T>(items: readonly T[], item: T): T[] {
  const out = new Array<T>(items.length + 1);
  for (let i = 0; i < items.length; i++) out[i] = items[i];
  out[items.length] = item;
  return out;
}
const NO_IDS: readonly string[] = Object.freeze([]);

/** Takes `cents` from the open lots, oldest first. The caller guarantees cents <= Σ lots. */
export function takeFromLots(
  lots: readonly CreditLot[],
  cents: Cents,
): { readonly lots: readonly CreditLot[]; readonly parts: readonly LotPart[] } {
  if (cents <= 0 || lots.length === 0) return { lots, parts: NO_PARTS };
  const parts: LotPart[] = [];
  let rest = cents;
  let index = 0;
  while (rest > 0 && index < lots.length) {
    const lot = lots[index];
    const taken = Math.min(lot.remainingCents, rest);
    parts.push({ creditId: lot.creditId, seq: lot.seq, cents: taken });
    rest -= taken;
    if (taken < lot.remainingCents) break;
    index++;
  }
  const remaining = lots.slice(index);
  if (remaining.length > 0 && parts.length > index) {
    const partial = parts[parts.length - 1];
    remaining[0] = { ...remaining[0], remainingCents: remaining[0].remainingCents - partial.cents };
  }
  return { lots: remaining, parts };
}

/** Gives held parts back to their lots, keeping the lots ordered by issue. */
export function restoreLots(lots: readonly CreditLot[], parts: readonly LotPart[]): readonly CreditLot[] {
  if (parts.length === 0) return lots;
  const next = lots.slice();
  for (const part of parts) {
    const index = next.findIndex((lot) => lot.seq >= part.seq);
    if (index >= 0 && next[index].seq === part.seq) {
      next[index] = { ...next[index], remainingCents: next[index].remainingCents + part.cents };
    } else {
      const lot = { creditId: part.creditId, seq: part.seq, remainingCents: part.cents };
      if (index < 0) next.push(lot);
      else next.splice(index, 0, lot);
    }
  }
  return next;
}

function sumParts(parts: readonly LotPart[]): Cents {
  let total = 0;
  for (const part of parts) total += part.cents;
  return total;
}

function holdSlots(slots: PersistentMap<SlotHolding>, lines: readonly ReservationLine[], orderId: string): PersistentMap<SlotHolding> {
  return slots.setEach(
    lines,
    (line) => slotKeyOf(line.childId, line.activityId, line.date),
    (line) => ({ childId: line.childId, activityId: line.activityId, date: line.date, orderId, unitPriceCents: line.unitPriceCents }),
  );
}

type Draft<T> = { -readonly [K in keyof T]: T[K] };

/**
 * A fresh copy of the state for `evolve` to fill in. An explicit literal in one fixed order,
 * not `{ ...state }`: every state then shares one hidden class and copies stay cheap (a spread
 * of a 20-field object went through V8's slow path once states of many families mixed).
 */
function draftOf(s: FamilyState): Draft<FamilyState> {
  return {
    familyId: s.familyId,
    registered: s.registered,
    resident: s.resident,
    registeredAt: s.registeredAt,
    erasedAt: s.erasedAt,
    children: s.children,
    slots: s.slots,
    orders: s.orders,
    pendingOrderIds: s.pendingOrderIds,
    payments: s.payments,
    cancellations: s.cancellations,
    credits: s.credits,
    openLots: s.openLots,
    refunds: s.refunds,
    balanceCents: s.balanceCents,
    heldCents: s.heldCents,
    creditSeq: s.creditSeq,
    movements: s.movements,
  };
}


function movementOf(
  state: FamilyState,
  at: Instant,
  kind: CreditMovementKind,
  amountCents: number,
  sourceId: string,
  balanceAfterCents: Cents,
): MovementList | null {
  if (amountCents === 0) return state.movements;
  return { head: { at, kind, amountCents, sourceId, balanceAfterCents }, tail: state.movements };
}

export function evolveFamily(state: FamilyState, event: FamilyEvent): FamilyState {
  switch (event.type) {
    case 'FamilyRegistered': {
      const next = draftOf(state);
      next.familyId = event.data.familyId;
      next.registered = true;
      next.resident = event.data.resident;
      next.registeredAt = event.data.registeredAt;
      return next;
    }

    case 'ChildEnrolled': {
      const { childId, activityIds, rank, enrolledAt } = event.data;
      const next = draftOf(state);
      next.children = state.children.set(childId, { childId, activityIds, rank, enrolledAt });
      return next;
    }

    case 'ChildEnrolmentChanged': {
      const { childId, activityIds } = event.data;
      const next = draftOf(state);
      next.children = state.children.update(childId, (child) => ({
        childId: child.childId,
        activityIds,
        rank: child.rank,
        enrolledAt: child.enrolledAt,
      }));
      return next;
    }

    case 'ReservationRequested': {
      const data = event.data;
      const { lots, parts } = takeFromLots(state.openLots, data.creditAppliedCents);
      const held = sumParts(parts);
      const order: OrderState = {
        orderId: data.orderId,
        lines: data.lines,
        totalCents: data.totalCents,
        creditAppliedCents: data.creditAppliedCents,
        amountDueCents: data.amountDueCents,
        requestedAt: data.requestedAt,
        expiresAt: data.expiresAt,
        expiresAtMs: epochMsOfInstant(data.expiresAt),
        status: 'pending',
        heldFrom: parts,
        paymentIds: NO_IDS,
        confirmedAt: undefined,
        via: undefined,
        paymentId: undefined,
        expiredAt: undefined,
        expiryReason: undefined,
      };
      const next = draftOf(state);
      next.slots = holdSlots(state.slots, data.lines, data.orderId);
      next.orders = state.orders.set(data.orderId, order);
      next.pendingOrderIds = appended(state.pendingOrderIds, data.orderId);
      next.openLots = lots;
      next.balanceCents = state.balanceCents - held;
      next.heldCents = state.heldCents + held;
      next.movements = movementOf(state, data.requestedAt, 'applied_to_order', -held, data.orderId, next.balanceCents);
      return next;
    }

    case 'ReservationConfirmed': {
      const { orderId, confirmedAt, via, paymentId } = event.data;
      const order = state.orders.get(orderId);
      if (!order || order.status === 'confirmed') return state;
      const confirmed: OrderState = withOrder(order, { status: 'confirmed', heldFrom: NO_PARTS, confirmedAt, via, paymentId });
      const next = draftOf(state);
      next.orders = state.orders.set(orderId, confirmed);
      if (order.status === 'pending') {
        next.pendingOrderIds = state.pendingOrderIds.filter((id) => id !== orderId);
        next.heldCents = state.heldCents - sumParts(order.heldFrom);
        return next;
      }
      // A late payment confirming an expired order (R7): its slots are held again, its credit taken again.
      const { lots, parts } = takeFromLots(state.openLots, order.creditAppliedCents);
      next.slots = holdSlots(state.slots, order.lines, orderId);
      next.openLots = lots;
      next.balanceCents = state.balanceCents - sumParts(parts);
      next.movements = movementOf(state, confirmedAt, 'applied_to_order', -sumParts(parts), orderId, next.balanceCents);
      return next;
    }

    case 'ReservationExpired': {
      const { orderId, expiredAt, reason } = event.data;
      const order = state.orders.get(orderId);
      if (!order || order.status !== 'pending') return state;
      let slots = state.slots;
      for (const line of order.lines) {
        const key = slotKeyOf(line.childId, line.activityId, line.date);
        if (slots.get(key)?.orderId === orderId) slots = slots.delete(key);
      }
      const released = sumParts(order.heldFrom);
      const next = draftOf(state);
      next.slots = slots;
      next.orders = state.orders.set(orderId, withOrder(order, { status: 'expired', heldFrom: NO_PARTS, expiredAt, expiryReason: reason }));
      next.pendingOrderIds = state.pendingOrderIds.filter((id) => id !== orderId);
      next.openLots = restoreLots(state.openLots, order.heldFrom);
      next.balanceCents = state.balanceCents + released;
      next.heldCents = state.heldCents - released;
      next.movements = movementOf(state, expiredAt, 'released_from_order', released, orderId, next.balanceCents);
      return next;
    }

    case 'PaymentStarted': {
      const { paymentId, orderId, provider, amountCents, startedAt } = event.data;
      if (state.payments.has(paymentId)) return state;
      const next = draftOf(state);
      next.payments = state.payments.set(paymentId, {
        paymentId,
        orderId,
        provider,
        amountCents,
        status: 'started',
        startedAt,
        paidAt: undefined,
        outcome: undefined,
        ticketNumber: undefined,
        ticketIssuedAt: undefined,
        providerReference: undefined,
      });
      next.orders = state.orders.update(orderId, (order) => withOrder(order, { paymentIds: appended(order.paymentIds, paymentId) }));
      return next;
    }

    case 'PaymentConfirmed': {
      const { paymentId, orderId, provider, amountCents, paidAt, outcome, providerReference } = event.data;
      const started = state.payments.get(paymentId);
      if (started?.status === 'confirmed') return state;
      const next = draftOf(state);
      next.payments = state.payments.set(paymentId, {
        paymentId,
        orderId,
        provider,
        amountCents,
        status: 'confirmed',
        startedAt: started?.startedAt,
        paidAt,
        outcome,
        ticketNumber: undefined,
        ticketIssuedAt: undefined,
        providerReference,
      });
      return next;
    }

    case 'PaymentTicketIssued': {
      const { paymentId, ticketNumber, issuedAt } = event.data;
      const next = draftOf(state);
      next.payments = state.payments.update(paymentId, (payment) => ({ ...payment, ticketNumber, ticketIssuedAt: issuedAt }));
      return next;
    }

    case 'ReservationCancelled': {
      const { cancellationId, lines, totalCents, cancelledAt, reason } = event.data;
      let slots = state.slots;
      for (const line of lines) slots = slots.delete(slotKeyOf(line.childId, line.activityId, line.date));
      const next = draftOf(state);
      next.slots = slots;
      next.cancellations = state.cancellations.set(cancellationId, {
        cancellationId,
        lines,
        totalCents,
        cancelledAt,
        reason,
        creditId: undefined,
        balanceAfterCents: state.balanceCents,
      });
      return next;
    }

    case 'CreditIssued': {
      const { creditId, amountCents, source, sourceId, reason, issuedAt } = event.data;
      if (state.credits.has(creditId)) return state;
      const seq = state.creditSeq + 1;
      const balanceCents = state.balanceCents + amountCents;
      const next = draftOf(state);
      next.credits = state.credits.set(creditId, {
        creditId,
        seq,
        amountCents,
        source,
        sourceId,
        reason,
        issuedAt,
        creditNoteNumber: undefined,
        creditNoteIssuedAt: undefined,
      });
      if (amountCents > 0) next.openLots = appended(state.openLots, { creditId, seq, remainingCents: amountCents });
      next.balanceCents = balanceCents;
      next.creditSeq = seq;
      if (source === 'cancellation' || source === 'closure') {
        next.cancellations = state.cancellations.update(sourceId, (cancellation) => ({ ...cancellation, creditId, balanceAfterCents: balanceCents }));
      }
      next.movements = movementOf(state, issuedAt, source, amountCents, source === 'goodwill' ? creditId : sourceId, balanceCents);
      return next;
    }

    case 'CreditNoteIssued': {
      const { creditId, creditNoteNumber, issuedAt } = event.data;
      const next = draftOf(state);
      next.credits = state.credits.update(creditId, (credit) => ({ ...credit, creditNoteNumber, creditNoteIssuedAt: issuedAt }));
      return next;
    }

    case 'CreditRefunded': {
      const { refundId, amountCents, reference, refundedAt } = event.data;
      if (state.refunds.has(refundId)) return state;
      const { lots, parts } = takeFromLots(state.openLots, amountCents);
      const next = draftOf(state);
      next.refunds = state.refunds.set(refundId, { refundId, amountCents, reference, refundedAt });
      next.openLots = lots;
      next.balanceCents = state.balanceCents - sumParts(parts);
      next.movements = movementOf(state, refundedAt, 'refund', -amountCents, refundId, next.balanceCents);
      return next;
    }

    case 'PersonalDataErased': {
      const next = draftOf(state);
      next.erasedAt = event.data.erasedAt;
      return next;
    }

    default:
      return state;
  }
}

/** An order with some fields changed, built field by field (one hidden class for every order). */
function withOrder(order: OrderState, changes: Partial<Draft<OrderState>>): OrderState {
  return {
    orderId: order.orderId,
    lines: order.lines,
    totalCents: order.totalCents,
    creditAppliedCents: order.creditAppliedCents,
    amountDueCents: order.amountDueCents,
    requestedAt: order.requestedAt,
    expiresAt: order.expiresAt,
    expiresAtMs: order.expiresAtMs,
    status: changes.status ?? order.status,
    heldFrom: changes.heldFrom ?? order.heldFrom,
    paymentIds: changes.paymentIds ?? order.paymentIds,
    confirmedAt: changes.confirmedAt ?? order.confirmedAt,
    via: changes.via ?? order.via,
    paymentId: changes.paymentId ?? order.paymentId,
    expiredAt: changes.expiredAt ?? order.expiredAt,
    expiryReason: changes.expiryReason ?? order.expiryReason,
  };
}

/**
 * R6: a pending order's hold is over once `nowMs >= expiresAt` — at its end instant, whether or
 * not its `ReservationExpired` is recorded yet. Every decision and every view reads holds so.
 */
export function isHoldOver(order: OrderState, nowMs: number): boolean {
  return order.status === 'pending' && nowMs >= order.expiresAtMs;
}

const NO_EXPIRIES: readonly ReservationExpired[] = Object.freeze([]);

/** The timeout of a pending order, recorded at its `expiresAt` (not at the moment it is noticed). */
export function holdTimeoutOf(order: OrderState): ReservationExpired {
  return {
    type: 'ReservationExpired',
    data: { orderId: order.orderId, expiredAt: order.expiresAt, reason: 'timeout', creditReleasedCents: order.creditAppliedCents },
  };
}

/** The `ReservationExpired` (reason 'timeout', at expiresAt) of every pending order whose hold is over at `nowMs`. */
export function lapsedHoldExpiries(state: FamilyState, nowMs: number): readonly ReservationExpired[] {
  if (state.pendingOrderIds.length === 0) return NO_EXPIRIES;
  let events: ReservationExpired[] | undefined;
  for (const orderId of state.pendingOrderIds) {
    const order = state.orders.get(orderId);
    if (order && isHoldOver(order, nowMs)) (events ??= []).push(holdTimeoutOf(order));
  }
  return events ?? NO_EXPIRIES;
}

/**
 * The family's state as it reads at `now`: every pending order whose hold is over expired at
 * its `expiresAt`, its slots free and its credit back in the balance — exactly what the next
 * command will record. `state` itself when no hold is over (no copy). For read models and for
 * callers reading `balanceCents`, `heldCents` or `pendingOrderIds` between commands.
 */
export function familyStateAt(state: FamilyState, now: Instant): FamilyState {
  const expiries = lapsedHoldExpiries(state, epochMsOfInstant(now));
  return expiries.length === 0 ? state : foldFamily(expiries, state);
}

/** Folds events into a state, from `initialFamilyState()` unless a state is given. */
export function foldFamily(events: Iterable<FamilyEvent>, from: FamilyState = initialFamilyState()): FamilyState {
  let state = from;
  for (const event of events) state = evolveFamily(state, event);
  return state;
}
