/**
 * The family decider (emmett shape): `decide(command, state)` returns the events to append or a
 * refusal; `evolve` folds them. Pure: time and ids come in with the command. A command that
 * changes nothing succeeds with no events (the same orderId with the same slots, the same
 * paymentId confirmed twice, …), the cheapest idempotency there is.
 *
 * Holds that have run out (R6): a pending order is over once `now >= expiresAt`, at that very
 * instant. Every command whose answer depends on slots or credit (a request, a cancellation, a
 * payment, a goodwill credit, a refund, a closure) first expires such orders itself
 * (`ReservationExpired`, reason 'timeout', at `expiresAt`), so no sweeper has to run before a
 * family can book, cancel or see its whole balance; « OK », a payment start and an abandon on
 * such an order are refused ORDER_NOT_PENDING. A background `ExpireOrder` only tidies up.
 *
 * Amounts are bounded (R1, R11): see `FamilyDeciderDeps.maxAmountCents` / `maxBalanceCents`.
 */
import { isLeft, right, type Either, type Left } from 'fp-ts/Either';
import {
  cancellationDeadline,
  getActivity,
  priceSlot,
  reservationDeadline,
  serviceDayStatus,
  type Catalog,
  type DayStatus,
} from '../catalog';
import {
  DEFAULT_MAX_AMOUNT_CENTS,
  DEFAULT_MAX_BALANCE_CENTS,
  MAX_REPRESENTABLE_CENTS,
  type Cents,
  type Instant,
} from '../shared';
import { FamilyCommandSchema, isWellFormedFamilyCommand } from './family.command-schema';
import {
  type AbandonOrder,
  type CancelReservation,
  type ChangeEnrolment,
  type CloseServiceDay,
  type ConfirmPayment,
  type ConfirmWithCredit,
  type EnrolChild,
  type ExpireOrder,
  type FamilyCommand,
  type GrantGoodwillCredit,
  type IssuePaymentTicket,
  type NumberCreditNote,
  type RecordPersonalDataErased,
  type RefundCredit,
  type RegisterFamily,
  type RequestReservation,
  type Slot,
  type StartPayment,
} from './family.commands';
import type {
  CancellationLine,
  CreditIssued,
  FamilyEvent,
  PaymentConfirmed,
  PaymentProvider,
  ReservationCancelled,
  ReservationConfirmed,
  ReservationExpired,
  ReservationLine,
  ReservationRequested,
} from './family.events';
import {
  evolveFamily,
  foldFamily,
  holdingStatus,
  initialFamilyState,
  holdTimeoutOf,
  isHoldOver,
  lapsedHoldExpiries,
  slotKeyOf,
  type FamilyState,
  type OrderState,
} from './family.state';
import { epochMsOfInstant, instantFromEpochMs } from './instant-format';
import { hashString } from './persistent-map';
import { refuse, type Refusal, type RefusalCode } from './refusal';

export type Decision = Either<Refusal, readonly FamilyEvent[]>;

export interface FamilyDeciderDeps {
  readonly catalog: Catalog;
  /** How long a pending order holds its slots and credit (R6); PERISCOL_HOLD_MINUTES, default 60. */
  readonly holdMinutes: number;
  /**
   * The largest amount one command may carry: a goodwill credit, a refund, a reservation's
   * total. Above it: AMOUNT_OUT_OF_BOUNDS. Default `DEFAULT_MAX_AMOUNT_CENTS` (1,000,000 €).
   * A payment received above it is still recorded, as credit (money received is never lost).
   */
  readonly maxAmountCents?: number;
  /**
   * The largest credit (balance + credit held by pending orders) a goodwill credit or a parent's
   * cancellation may leave a family with; above it: AMOUNT_OUT_OF_BOUNDS. Default
   * `DEFAULT_MAX_BALANCE_CENTS` (1,000,000 €). Payments and closures credit even above it.
   */
  readonly maxBalanceCents?: number;
}

export interface FamilyDecider {
  decide(command: FamilyCommand, state: FamilyState): Decision;
  evolve(state: FamilyState, event: FamilyEvent): FamilyState;
  initialState(): FamilyState;
}

/** Why one slot of a request or cancellation is refused. */
export interface SlotProblem {
  readonly childId: string;
  readonly activityId: string;
  readonly date: string;
  readonly code: RefusalCode;
  readonly message: string;
}

const NOTHING: Decision = right([]);

const DAY_STATUS_CODES: Record<Exclude<DayStatus, { open: true }>['reason'], RefusalCode> = {
  unknown_activity: 'UNKNOWN_ACTIVITY',
  not_served: 'NOT_SERVED',
  outside_school_year: 'OUTSIDE_SCHOOL_YEAR',
  closed: 'DAY_CLOSED',
};

// Deadline instants parsed once per catalog, kind, activity and date.
const deadlineCache = new WeakMap<Catalog, Map<string, Map<string, number>>>();

function deadlineMs(catalog: Catalog, kind: 'reserve' | 'cancel', activityId: string, date: string): number {
  let byActivity = deadlineCache.get(catalog);
  if (!byActivity) deadlineCache.set(catalog, (byActivity = new Map()));
  const cacheKey = kind === 'reserve' ? activityId : `${activityId}|cancel`;
  let byDate = byActivity.get(cacheKey);
  if (!byDate) byActivity.set(cacheKey, (byDate = new Map()));
  let ms = byDate.get(date);
  if (ms === undefined) {
    ms = Date.parse(
      kind === 'reserve' ? reservationDeadline(catalog, activityId, date) : cancellationDeadline(catalog, activityId, date),
    );
    byDate.set(date, ms);
  }
  return ms;
}

/**
 * R2 without "free": why `slot` cannot be reserved by this family at `nowMs`, or null.
 * Shared by requests, late payments, the planning and the quote.
 */
export function slotBookingProblem(
  catalog: Catalog,
  state: FamilyState,
  slot: Slot,
  nowMs: number,
): { readonly code: RefusalCode; readonly message: string } | null {
  const child = state.children.get(slot.childId);
  if (!child) return { code: 'UNKNOWN_CHILD', message: `Child ${slot.childId} is not a child of this family` };
  if (!getActivity(catalog, slot.activityId)) {
    return { code: 'UNKNOWN_ACTIVITY', message: `Unknown activity ${slot.activityId}` };
  }
  if (!child.activityIds.includes(slot.activityId)) {
    return { code: 'NOT_ENROLLED', message: `Child ${slot.childId} is not enrolled in ${slot.activityId}` };
  }
  const day = serviceDayStatus(catalog, slot.activityId, slot.date);
  if (!day.open) {
    const label = day.label ? ` (${day.label})` : '';
    return { code: DAY_STATUS_CODES[day.reason], message: `${slot.activityId} is not open on ${slot.date}${label}` };
  }
  if (nowMs > deadlineMs(catalog, 'reserve', slot.activityId, slot.date)) {
    return { code: 'DEADLINE_PASSED', message: `The reservation deadline of ${slot.activityId} on ${slot.date} has passed` };
  }
  return null;
}

/** Whether `slot` may still be cancelled at `nowMs` (its cancellation deadline, R9). */
export function cancellationOpen(catalog: Catalog, slot: Slot, nowMs: number): boolean {
  return nowMs <= deadlineMs(catalog, 'cancel', slot.activityId, slot.date);
}


function slotProblem(slot: Slot, code: RefusalCode, message: string): SlotProblem {
  return { childId: slot.childId, activityId: slot.activityId, date: slot.date, code, message };
}

/** EMPTY_REQUEST / DUPLICATE_SLOT, or the slots' keys. */
function distinctSlotKeys(slots: readonly Slot[]): Either<Refusal, readonly string[]> {
  if (slots.length === 0) return refuse('EMPTY_REQUEST', 'Choose at least one slot');
  const keys = slots.map((slot) => slotKeyOf(slot.childId, slot.activityId, slot.date));
  const duplicate = slots.length <= 16 ? firstRepeatSmall(slots) : firstRepeat(keys);
  if (duplicate >= 0) {
    return refuse('DUPLICATE_SLOT', `The slot ${keys[duplicate]} appears twice`, [
      slotProblem(slots[duplicate], 'DUPLICATE_SLOT', 'twice'),
    ]);
  }
  return right(keys);
}

/** Index of the first slot already seen, or -1; pairwise, cheaper than a Set for a few slots. */
function firstRepeatSmall(slots: readonly Slot[]): number {
  for (let i = 1; i < slots.length; i++) {
    const a = slots[i];
    for (let j = 0; j < i; j++) {
      const b = slots[j];
      if (a.date === b.date && a.childId === b.childId && a.activityId === b.activityId) return i;
    }
  }
  return -1;
}

function firstRepeat(keys: readonly string[]): number {
  const seen = new Set<string>();
  for (let i = 0; i < keys.length; i++) {
    if (seen.has(keys[i])) return i;
    seen.add(keys[i]);
  }
  return -1;
}

function sameKeySet(a: readonly string[], b: readonly string[]): boolean {
  if (a.length !== b.length) return false;
  const set = new Set(a);
  return b.every((key) => set.has(key));
}

function refuseSlots(problems: readonly SlotProblem[]): Left<Refusal> {
  const first = problems[0];
  const more = problems.length > 1 ? ` (and ${problems.length - 1} more)` : '';
  return refuse(first.code, `${first.message}${more}`, problems);
}

/** The state the decision is taken on: `state` with every lapsed hold expired (R6), and those expiries. */
function withLapsedHoldsExpired(
  state: FamilyState,
  nowMs: number,
): { readonly expiries: readonly ReservationExpired[]; readonly working: FamilyState } {
  const expiries = lapsedHoldExpiries(state, nowMs);
  return { expiries, working: expiries.length > 0 ? foldFamily(expiries, state) : state };
}

/** A whole number of cents above zero (any size: the bounds are checked apart, with their own code). */
function isPositiveCents(amount: number): boolean {
  return Number.isInteger(amount) && amount > 0;
}

function invalidAmount(amount: number): Left<Refusal> {
  return refuse('AMOUNT_INVALID', `Amount must be a positive integer number of cents, got ${amount}`);
}

/** The later of two instants (the first one on a tie). */
function laterOf(a: Instant, aMs: number, b: Instant): { readonly at: Instant; readonly ms: number } {
  const bMs = epochMsOfInstant(b);
  return bMs > aMs ? { at: b, ms: bMs } : { at: a, ms: aMs };
}

/**
 * When an order is confirmed by something that happened at `at` (a provider's payment time,
 * an « OK »): never before the order was requested, nor before it expired when a late payment
 * confirms it. A provider's clock may be seconds behind ours, or report a payment made on an
 * older checkout: the money is genuine, so the payment is applied — it is not refused — and
 * both times are recorded: `PaymentConfirmed.paidAt` keeps the provider's time as it is (the
 * fact of the receipt), `ReservationConfirmed.confirmedAt` is this clamped instant, so no
 * order reads as confirmed before it existed.
 */
function confirmationInstant(order: OrderState, at: Instant, atMs: number): Instant {
  let latest = laterOf(at, atMs, order.requestedAt);
  if (order.expiredAt !== undefined) latest = laterOf(latest.at, latest.ms, order.expiredAt);
  return latest.at;
}

const MAX_ID = 200;
const CREDIT_SUFFIX = '-credit';

/**
 * The id under which a second, distinct provider payment reported for an already-confirmed
 * `paymentId` is recorded: `<paymentId>~<providerReference>` (or `~<amount>c` without a
 * reference); hashed when too long, so that it and its `-credit` stay valid ids.
 */
export function additionalPaymentId(paymentId: string, providerReference: string | undefined, amountCents: number): string {
  const id = `${paymentId}~${providerReference ?? `${amountCents}c`}`;
  if (id.length + CREDIT_SUFFIX.length <= MAX_ID) return id;
  return `${paymentId.slice(0, 170)}~${hashString(id).toString(36)}`;
}

/**
 * The payment id under which a provider's delivery `{ paymentId, amountCents, providerReference? }`
 * is recorded in `state` (the payment itself, or the additional payment a distinct one became),
 * or undefined when it is not recorded. For callers answering a payment notification.
 */
export function recordedPaymentIdOf(
  state: FamilyState,
  delivery: { readonly paymentId: string; readonly amountCents: number; readonly providerReference?: string },
): string | undefined {
  const known = state.payments.get(delivery.paymentId);
  if (known?.status !== 'confirmed') return undefined;
  if (isSameDelivery(known, delivery.amountCents, delivery.providerReference)) return known.paymentId;
  const other = state.payments.get(additionalPaymentId(delivery.paymentId, delivery.providerReference, delivery.amountCents));
  return other?.status === 'confirmed' ? other.paymentId : undefined;
}

/**
 * Whether a delivery is the payment already recorded: same amount, and the same provider
 * reference when both sides know one. Without references the amount is all there is to
 * compare: two payments of the same amount under one payment id look like one delivery twice.
 */
function isSameDelivery(
  known: { readonly amountCents: number; readonly providerReference?: string },
  amountCents: number,
  providerReference: string | undefined,
): boolean {
  if (known.amountCents !== amountCents) return false;
  return providerReference === undefined || known.providerReference === undefined || providerReference === known.providerReference;
}

/** A configured bound: a whole number of cents from 1 to MAX_REPRESENTABLE_CENTS; RangeError otherwise. */
function boundOf(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_REPRESENTABLE_CENTS) {
    throw new RangeError(`${name} must be a whole number of cents from 1 to ${MAX_REPRESENTABLE_CENTS}, got ${value}`);
  }
  return value;
}

export function createFamilyDecider(deps: FamilyDeciderDeps): FamilyDecider {
  const { catalog, holdMinutes } = deps;
  if (!Number.isFinite(holdMinutes) || holdMinutes <= 0) throw new RangeError(`holdMinutes must be positive, got ${holdMinutes}`);
  const holdMs = holdMinutes * 60_000;
  const maxAmountCents = boundOf('maxAmountCents', deps.maxAmountCents, DEFAULT_MAX_AMOUNT_CENTS);
  const maxBalanceCents = boundOf('maxBalanceCents', deps.maxBalanceCents, DEFAULT_MAX_BALANCE_CENTS);

  function amountAboveMax(amountCents: number, what: string): Left<Refusal> {
    return refuse('AMOUNT_OUT_OF_BOUNDS', `${what} of ${amountCents} cents is above the maximum of ${maxAmountCents} cents`, {
      amountCents,
      maxAmountCents,
    });
  }

  /** AMOUNT_OUT_OF_BOUNDS when adding `cents` of credit to `working` would leave more than maxBalanceCents. */
  function creditAboveMax(working: FamilyState, cents: Cents, what: string): Left<Refusal> | null {
    const creditAfter = working.balanceCents + working.heldCents + cents;
    if (creditAfter <= maxBalanceCents) return null;
    return refuse(
      'AMOUNT_OUT_OF_BOUNDS',
      `${what} would leave the family ${creditAfter} cents of credit, above the maximum of ${maxBalanceCents} cents`,
      { amountCents: cents, balanceCents: working.balanceCents, heldCents: working.heldCents, maxBalanceCents },
    );
  }

  function registerFamily(command: RegisterFamily, state: FamilyState): Decision {
    const { familyId, resident } = command.data;
    if (state.registered) {
      if (state.familyId === familyId && state.resident === resident) return NOTHING;
      return refuse('FAMILY_ALREADY_REGISTERED', `Family ${state.familyId} is already registered`);
    }
    return right([{ type: 'FamilyRegistered', data: { familyId, resident, registeredAt: command.metadata.now } }]);
  }

  function unknownActivities(activityIds: readonly string[]): Left<Refusal> | null {
    const unknown = activityIds.filter((id) => !getActivity(catalog, id));
    return unknown.length > 0 ? refuse('UNKNOWN_ACTIVITY', `Unknown activity ${unknown.join(', ')}`, unknown) : null;
  }

  function enrolChild(command: EnrolChild, state: FamilyState, familyId: string): Decision {
    const { childId, activityIds } = command.data;
    const unknown = unknownActivities(activityIds);
    if (unknown) return unknown;
    const child = state.children.get(childId);
    if (child) {
      if (sameKeySet(child.activityIds, activityIds)) return NOTHING;
      return refuse('CHILD_ALREADY_ENROLLED', `Child ${childId} is already enrolled; change the enrolment instead`);
    }
    return right([
      {
        type: 'ChildEnrolled',
        data: { familyId, childId, activityIds, rank: state.children.size + 1, enrolledAt: command.metadata.now },
      },
    ]);
  }

  function changeEnrolment(command: ChangeEnrolment, state: FamilyState, familyId: string): Decision {
    const { childId, activityIds } = command.data;
    const child = state.children.get(childId);
    if (!child) return refuse('UNKNOWN_CHILD', `Child ${childId} is not a child of this family`);
    const unknown = unknownActivities(activityIds);
    if (unknown) return unknown;
    if (sameKeySet(child.activityIds, activityIds)) return NOTHING;
    return right([{ type: 'ChildEnrolmentChanged', data: { familyId, childId, activityIds, changedAt: command.metadata.now } }]);
  }

  function requestReservation(command: RequestReservation, state: FamilyState, familyId: string, nowMs: number): Decision {
    const { orderId, slots, pricing } = command.data;
    const keys = distinctSlotKeys(slots);
    if (isLeft(keys)) return keys;
    const existing = state.orders.get(orderId);
    if (existing) {
      const existingKeys = existing.lines.map((line) => slotKeyOf(line.childId, line.activityId, line.date));
      if (sameKeySet(existingKeys, keys.right)) return NOTHING;
      return refuse('ID_CONFLICT', `Order ${orderId} already exists with other slots`);
    }

    const { expiries, working } = withLapsedHoldsExpired(state, nowMs);

    const problems: SlotProblem[] = [];
    const lines: ReservationLine[] = [];
    let totalCents = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      const problem = slotBookingProblem(catalog, working, slot, nowMs);
      if (problem) {
        problems.push(slotProblem(slot, problem.code, problem.message));
        continue;
      }
      const holding = working.slots.get(keys.right[i]);
      if (holding) {
        problems.push(slotProblem(slot, 'SLOT_TAKEN', `${keys.right[i]} is already ${holdingStatus(working, holding)} (order ${holding.orderId})`));
        continue;
      }
      const childRank = working.children.get(slot.childId)?.rank ?? 1;
      const price = priceSlot(catalog, slot.activityId, slot.date, {
        quotientFamilial: pricing.quotientFamilial,
        resident: working.resident,
        childRank,
      });
      if (isLeft(price)) {
        problems.push(slotProblem(slot, 'NO_TARIFF', price.left.message));
        continue;
      }
      const { unitPriceCents, tariff } = price.right;
      lines.push({ childId: slot.childId, activityId: slot.activityId, date: slot.date, unitPriceCents, tariff });
      totalCents += unitPriceCents;
    }
    if (problems.length > 0) return refuseSlots(problems);
    if (totalCents > maxAmountCents) return amountAboveMax(totalCents, 'A reservation');

    const creditAppliedCents = Math.min(working.balanceCents, totalCents);
    const requested: ReservationRequested = {
      type: 'ReservationRequested',
      data: {
        orderId,
        familyId,
        lines,
        totalCents,
        creditAppliedCents,
        amountDueCents: totalCents - creditAppliedCents,
        requestedAt: command.metadata.now,
        expiresAt: instantFromEpochMs(nowMs + holdMs),
      },
    };
    return right(expiries.length === 0 ? [requested] : [...expiries, requested]);
  }

  function pendingOrder(state: FamilyState, orderId: string, nowMs: number): Either<Refusal, OrderState> {
    const order = state.orders.get(orderId);
    if (!order) return refuse('UNKNOWN_ORDER', `Unknown order ${orderId}`);
    if (order.status !== 'pending') return refuse('ORDER_NOT_PENDING', `Order ${orderId} is ${order.status}`, { status: order.status });
    if (isHoldOver(order, nowMs)) {
      return refuse('ORDER_NOT_PENDING', `Order ${orderId} expired at ${order.expiresAt}`, {
        status: 'expired',
        expiresAt: order.expiresAt,
      });
    }
    return right(order);
  }

  /**
   * « OK » and abandon are decided on the order's status alone: once the order left
   * awaiting confirmation — confirmed, abandoned, expired, or past its hold — both are refused
   * ORDER_NOT_PENDING, whichever path it left by and whether the request raced the one that
   * won (the command loop decides the loser again on the new state) or came later. A retry of
   * the very same request is recognised by its idempotency key before deciding, not here.
   */
  function confirmWithCredit(command: ConfirmWithCredit, state: FamilyState, nowMs: number): Decision {
    const order = pendingOrder(state, command.data.orderId, nowMs);
    if (isLeft(order)) return order;
    if (order.right.amountDueCents > 0) {
      return refuse('ACTION_NOT_ALLOWED', `Order ${order.right.orderId} has ${order.right.amountDueCents} cents to pay: pay it`, {
        action: 'pay',
      });
    }
    const confirmedAt = confirmationInstant(order.right, command.metadata.now, nowMs);
    return right([{ type: 'ReservationConfirmed', data: { orderId: order.right.orderId, confirmedAt, via: 'credit' } }]);
  }

  function startPayment(command: StartPayment, state: FamilyState, nowMs: number): Decision {
    const { orderId, paymentId, provider } = command.data;
    const payment = state.payments.get(paymentId);
    if (payment) {
      if (payment.orderId === orderId && payment.provider === provider) return NOTHING;
      return refuse('ID_CONFLICT', `Payment ${paymentId} already belongs to order ${payment.orderId}`);
    }
    const order = pendingOrder(state, orderId, nowMs);
    if (isLeft(order)) return order;
    if (order.right.amountDueCents === 0) {
      return refuse('ACTION_NOT_ALLOWED', `Order ${orderId} is covered by credit: confirm it with « OK »`, { action: 'ok' });
    }
    return right([
      {
        type: 'PaymentStarted',
        data: { orderId, paymentId, provider, amountCents: order.right.amountDueCents, startedAt: command.metadata.now },
      },
    ]);
  }

  /** R7 for an order whose hold is over: every slot still bookable and free, and the credit it used still there. */
  function lateConfirmable(state: FamilyState, order: OrderState, nowMs: number): boolean {
    if (state.balanceCents < order.creditAppliedCents) return false;
    return order.lines.every(
      (line) =>
        slotBookingProblem(catalog, state, line, nowMs) === null &&
        !state.slots.has(slotKeyOf(line.childId, line.activityId, line.date)),
    );
  }

  /**
   * R7. A payment is money received, so it is recorded whenever it can be:
   * - an amount that is not a positive whole number of cents is AMOUNT_INVALID (no provider
   *   reports one: it is a caller's bug);
   * - an amount above MAX_REPRESENTABLE_CENTS (10^10 €, or beyond the safe integers) cannot be
   *   recorded exactly: refused AMOUNT_OUT_OF_BOUNDS, explicitly, so the caller keeps it for an
   *   agent (the API's unmatched-payments record) rather than rounding money;
   * - any other amount is recorded, even above the town's maxAmountCents or maxBalanceCents:
   *   those bounds keep agents' and parents' commands plausible, but refusing money already
   *   taken from a parent would lose it. Above maxAmountCents it cannot match an order's amount
   *   due (an order's total is bounded), so it becomes credit in full.
   */
  function confirmPayment(command: ConfirmPayment, state: FamilyState, familyId: string, nowMs: number): Decision {
    const { paymentId, orderId, provider, amountCents, providerReference } = command.data;
    if (!isPositiveCents(amountCents)) return invalidAmount(amountCents);
    if (amountCents > MAX_REPRESENTABLE_CENTS) {
      return refuse(
        'AMOUNT_OUT_OF_BOUNDS',
        `A payment of ${amountCents} cents cannot be recorded exactly (above ${MAX_REPRESENTABLE_CENTS} cents): keep it for an agent to settle with the provider`,
        { amountCents, maxRepresentableCents: MAX_REPRESENTABLE_CENTS },
      );
    }
    const known = state.payments.get(paymentId);
    if (known?.status === 'confirmed') {
      if (known.orderId !== orderId || known.provider !== provider) {
        return refuse('ID_CONFLICT', `Payment ${paymentId} was already confirmed for order ${known.orderId} with ${known.provider}`);
      }
      // The same delivery again (the provider retries): applied once.
      if (isSameDelivery(known, amountCents, providerReference)) return NOTHING;
      if (providerReference !== undefined && providerReference === known.providerReference) {
        return refuse('ID_CONFLICT', `Provider payment ${providerReference} was already recorded with ${known.amountCents} cents, not ${amountCents}`, {
          paymentId,
          amountCents: known.amountCents,
        });
      }
      // Another payment reported under a payment id already confirmed (another reference, or
      // another amount): money received is never dropped, it is recorded as a payment of its own.
      const additionalId = additionalPaymentId(paymentId, providerReference, amountCents);
      const additional = state.payments.get(additionalId);
      if (additional) {
        const sameAdditional =
          additional.status === 'confirmed' && additional.orderId === orderId && additional.provider === provider && additional.amountCents === amountCents;
        if (sameAdditional) return NOTHING;
        return refuse('ID_CONFLICT', `Payment ${additionalId} already exists with other content`);
      }
      const additionalCreditId = `${additionalId}${CREDIT_SUFFIX}`;
      return settlePayment(state, familyId, nowMs, command.metadata.now, additionalId, additionalCreditId, orderId, provider, amountCents, providerReference);
    }
    if (known && (known.orderId !== orderId || known.provider !== provider)) {
      return refuse('ID_CONFLICT', `Payment ${paymentId} was started for order ${known.orderId} with ${known.provider}`);
    }
    const creditId = command.data.creditId ?? `${paymentId}${CREDIT_SUFFIX}`;
    return settlePayment(state, familyId, nowMs, command.metadata.now, paymentId, creditId, orderId, provider, amountCents, providerReference);
  }

  /** Records a payment received at `paidAt`: it confirms its order (pending, or expired and still confirmable) or becomes credit in full. */
  function settlePayment(
    state: FamilyState,
    familyId: string,
    nowMs: number,
    paidAt: Instant,
    paymentId: string,
    creditId: string,
    orderId: string,
    provider: PaymentProvider,
    amountCents: Cents,
    providerReference: string | undefined,
  ): Decision {
    const paid = (outcome: PaymentConfirmed['data']['outcome']): PaymentConfirmed => ({
      type: 'PaymentConfirmed',
      data:
        providerReference === undefined
          ? { paymentId, orderId, provider, amountCents, paidAt, outcome }
          : { paymentId, orderId, provider, amountCents, paidAt, outcome, providerReference },
    });
    // Every lapsed hold first (R6): its slots may be the ones a late payment needs, its credit the one it takes again.
    const { expiries, working } = withLapsedHoldsExpired(state, nowMs);
    const order = working.orders.get(orderId);
    if (
      order !== undefined &&
      amountCents === order.amountDueCents &&
      (order.status === 'pending' || (order.status === 'expired' && lateConfirmable(working, order, nowMs)))
    ) {
      const confirmed: ReservationConfirmed = {
        type: 'ReservationConfirmed',
        data: { orderId, confirmedAt: confirmationInstant(order, paidAt, nowMs), via: 'payment', paymentId },
      };
      return right(expiries.length === 0 ? [paid('order_confirmed'), confirmed] : [...expiries, paid('order_confirmed'), confirmed]);
    }
    // Money received is never lost (R7): the whole payment becomes credit.
    if (working.credits.has(creditId)) return refuse('ID_CONFLICT', `Credit ${creditId} already exists`);
    const credit: CreditIssued = {
      type: 'CreditIssued',
      data: { creditId, familyId, amountCents, source: 'unapplied_payment', sourceId: paymentId, issuedAt: paidAt },
    };
    return right([...expiries, paid('credited'), credit]);
  }

  function issuePaymentTicket(command: IssuePaymentTicket, state: FamilyState): Decision {
    const { paymentId, ticketNumber } = command.data;
    const payment = state.payments.get(paymentId);
    if (!payment) return refuse('UNKNOWN_PAYMENT', `Unknown payment ${paymentId}`);
    if (payment.status !== 'confirmed') return refuse('PAYMENT_NOT_CONFIRMED', `Payment ${paymentId} is not confirmed yet`);
    if (payment.ticketNumber !== undefined) {
      if (payment.ticketNumber === ticketNumber) return NOTHING;
      return refuse('ID_CONFLICT', `Payment ${paymentId} already has ticket ${payment.ticketNumber}`);
    }
    let taken: string | undefined;
    state.payments.forEach((other) => {
      if (other.ticketNumber === ticketNumber) taken = other.paymentId;
    });
    if (taken !== undefined) return refuse('ID_CONFLICT', `Ticket ${ticketNumber} already belongs to payment ${taken}`);
    return right([
      {
        type: 'PaymentTicketIssued',
        data: { paymentId, orderId: payment.orderId, ticketNumber, amountCents: payment.amountCents, issuedAt: command.metadata.now },
      },
    ]);
  }

  function expireOrder(command: ExpireOrder, state: FamilyState, nowMs: number): Decision {
    const order = state.orders.get(command.data.orderId);
    if (!order) return refuse('UNKNOWN_ORDER', `Unknown order ${command.data.orderId}`);
    if (order.status === 'expired') return NOTHING;
    if (order.status === 'confirmed') return refuse('ORDER_NOT_PENDING', `Order ${order.orderId} is confirmed`, { status: 'confirmed' });
    if (!isHoldOver(order, nowMs)) {
      return refuse('ORDER_NOT_EXPIRED', `Order ${order.orderId} holds its slots until ${order.expiresAt}`, {
        expiresAt: order.expiresAt,
      });
    }
    return right([holdTimeoutOf(order)]);
  }

  function abandonOrder(command: AbandonOrder, state: FamilyState, nowMs: number): Decision {
    const order = pendingOrder(state, command.data.orderId, nowMs);
    if (isLeft(order)) return order;
    return right([
      {
        type: 'ReservationExpired',
        data: {
          orderId: order.right.orderId,
          expiredAt: command.metadata.now,
          reason: 'abandoned',
          creditReleasedCents: order.right.creditAppliedCents,
        },
      },
    ]);
  }

  function cancelReservation(command: CancelReservation, state: FamilyState, familyId: string, nowMs: number): Decision {
    const { cancellationId, creditId, slots } = command.data;
    const keys = distinctSlotKeys(slots);
    if (isLeft(keys)) return keys;
    const existing = state.cancellations.get(cancellationId);
    if (existing) {
      const existingKeys = existing.lines.map((line) => slotKeyOf(line.childId, line.activityId, line.date));
      if (existing.reason === 'parent' && sameKeySet(existingKeys, keys.right)) return NOTHING;
      return refuse('ID_CONFLICT', `Cancellation ${cancellationId} already exists with other slots`);
    }
    if (state.credits.has(creditId)) return refuse('ID_CONFLICT', `Credit ${creditId} already exists`);

    // A day whose pending hold is over is free, not pending (R6); the credit it held is back.
    const { expiries, working } = withLapsedHoldsExpired(state, nowMs);
    const problems: SlotProblem[] = [];
    const lines: CancellationLine[] = [];
    let totalCents = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      const holding = working.slots.get(keys.right[i]);
      if (!working.children.has(slot.childId)) {
        problems.push(slotProblem(slot, 'UNKNOWN_CHILD', `Child ${slot.childId} is not a child of this family`));
      } else if (!holding) {
        problems.push(slotProblem(slot, 'NOT_RESERVED', `${keys.right[i]} is not reserved`));
      } else if (holdingStatus(working, holding) === 'pending') {
        problems.push(
          slotProblem(slot, 'SLOT_PENDING', `${keys.right[i]} awaits the confirmation of order ${holding.orderId}: abandon it instead`),
        );
      } else if (!getActivity(catalog, slot.activityId)) {
        problems.push(slotProblem(slot, 'UNKNOWN_ACTIVITY', `Unknown activity ${slot.activityId}`));
      } else if (!cancellationOpen(catalog, slot, nowMs)) {
        problems.push(slotProblem(slot, 'DEADLINE_PASSED', `The cancellation deadline of ${slot.activityId} on ${slot.date} has passed`));
      } else {
        lines.push({
          childId: slot.childId,
          activityId: slot.activityId,
          date: slot.date,
          orderId: holding.orderId,
          creditCents: holding.unitPriceCents,
        });
        totalCents += holding.unitPriceCents;
      }
    }
    if (problems.length > 0) return refuseSlots(problems);
    const tooMuch = creditAboveMax(working, totalCents, 'This cancellation');
    if (tooMuch) return tooMuch;
    const events = cancellationEvents(familyId, cancellationId, creditId, lines, totalCents, command.metadata.now, 'parent');
    return right(expiries.length === 0 ? events : [...expiries, ...events]);
  }

  function cancellationEvents(
    familyId: string,
    cancellationId: string,
    creditId: string,
    lines: readonly CancellationLine[],
    totalCents: Cents,
    now: Instant,
    reason: 'parent' | 'closure',
  ): FamilyEvent[] {
    const cancelled: ReservationCancelled = {
      type: 'ReservationCancelled',
      data: { cancellationId, familyId, lines, totalCents, cancelledAt: now, reason },
    };
    if (totalCents === 0) return [cancelled];
    const credit: CreditIssued = {
      type: 'CreditIssued',
      data: {
        creditId,
        familyId,
        amountCents: totalCents,
        source: reason === 'parent' ? 'cancellation' : 'closure',
        sourceId: cancellationId,
        issuedAt: now,
      },
    };
    return [cancelled, credit];
  }

  function numberCreditNote(command: NumberCreditNote, state: FamilyState): Decision {
    const { creditId, creditNoteNumber } = command.data;
    const credit = state.credits.get(creditId);
    if (!credit) return refuse('UNKNOWN_CREDIT', `Unknown credit ${creditId}`);
    if (credit.creditNoteNumber !== undefined) {
      if (credit.creditNoteNumber === creditNoteNumber) return NOTHING;
      return refuse('ID_CONFLICT', `Credit ${creditId} already has credit note ${credit.creditNoteNumber}`);
    }
    let taken: string | undefined;
    state.credits.forEach((other) => {
      if (other.creditNoteNumber === creditNoteNumber) taken = other.creditId;
    });
    if (taken !== undefined) return refuse('ID_CONFLICT', `Credit note ${creditNoteNumber} already belongs to credit ${taken}`);
    return right([{ type: 'CreditNoteIssued', data: { creditId, creditNoteNumber, issuedAt: command.metadata.now } }]);
  }

  function grantGoodwillCredit(command: GrantGoodwillCredit, state: FamilyState, familyId: string, nowMs: number): Decision {
    const { creditId, amountCents, reason } = command.data;
    if (!isPositiveCents(amountCents)) return invalidAmount(amountCents);
    const existing = state.credits.get(creditId);
    if (existing) {
      if (existing.source === 'goodwill' && existing.amountCents === amountCents && existing.reason === reason) return NOTHING;
      return refuse('ID_CONFLICT', `Credit ${creditId} already exists with other content`);
    }
    if (amountCents > maxAmountCents) return amountAboveMax(amountCents, 'A goodwill credit');
    // Lapsed holds first (R6), so the balance this credit is added to — and answered with — is whole.
    const { expiries, working } = withLapsedHoldsExpired(state, nowMs);
    const tooMuch = creditAboveMax(working, amountCents, 'This goodwill credit');
    if (tooMuch) return tooMuch;
    const credit: CreditIssued = {
      type: 'CreditIssued',
      data: { creditId, familyId, amountCents, source: 'goodwill', sourceId: creditId, reason, issuedAt: command.metadata.now },
    };
    return right(expiries.length === 0 ? [credit] : [...expiries, credit]);
  }

  function refundCredit(command: RefundCredit, state: FamilyState, familyId: string, nowMs: number): Decision {
    const { refundId, amountCents, reference } = command.data;
    if (!isPositiveCents(amountCents)) return invalidAmount(amountCents);
    const existing = state.refunds.get(refundId);
    if (existing) {
      if (existing.amountCents === amountCents && existing.reference === reference) return NOTHING;
      return refuse('ID_CONFLICT', `Refund ${refundId} already exists with other content`);
    }
    if (amountCents > maxAmountCents) return amountAboveMax(amountCents, 'A refund');
    const { expiries, working } = withLapsedHoldsExpired(state, nowMs);
    if (amountCents > working.balanceCents) {
      return refuse('INSUFFICIENT_CREDIT', `The credit balance is ${working.balanceCents} cents, less than ${amountCents}`, {
        balanceCents: working.balanceCents,
      });
    }
    return right([
      ...expiries,
      { type: 'CreditRefunded', data: { refundId, familyId, amountCents, reference, refundedAt: command.metadata.now } },
    ]);
  }

  /**
   * R14. Its credit is recorded whatever maxBalanceCents: the town closed the day and owes what
   * was paid for it. A pending order whose hold was already over is expired as timed out at its
   * end (R6), not as closed.
   */
  function closeServiceDay(command: CloseServiceDay, state: FamilyState, familyId: string, nowMs: number): Decision {
    const { activityId, date, cancellationId, creditId } = command.data;
    if (!getActivity(catalog, activityId)) return refuse('UNKNOWN_ACTIVITY', `Unknown activity ${activityId}`);
    const existing = state.cancellations.get(cancellationId);
    if (existing) {
      const same = existing.reason === 'closure' && existing.lines.every((line) => line.activityId === activityId && line.date === date);
      return same ? NOTHING : refuse('ID_CONFLICT', `Cancellation ${cancellationId} already exists with other content`);
    }
    if (state.credits.has(creditId)) return refuse('ID_CONFLICT', `Credit ${creditId} already exists`);

    const now = command.metadata.now;
    const lapsed = withLapsedHoldsExpired(state, nowMs);
    const working = lapsed.working;
    const expiries: ReservationExpired[] = [...lapsed.expiries];
    for (const orderId of working.pendingOrderIds) {
      const order = working.orders.get(orderId);
      if (order && order.lines.some((line) => line.activityId === activityId && line.date === date)) {
        expiries.push({
          type: 'ReservationExpired',
          data: { orderId, expiredAt: now, reason: 'closure', creditReleasedCents: order.creditAppliedCents },
        });
      }
    }
    const lines: CancellationLine[] = [];
    let totalCents = 0;
    working.children.forEach((child) => {
      const holding = working.slots.get(slotKeyOf(child.childId, activityId, date));
      if (holding && holdingStatus(working, holding) === 'reserved') {
        lines.push({ childId: child.childId, activityId, date, orderId: holding.orderId, creditCents: holding.unitPriceCents });
        totalCents += holding.unitPriceCents;
      }
    });
    lines.sort((a, b) => (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0));
    if (lines.length === 0) return right(expiries);
    return right([...expiries, ...cancellationEvents(familyId, cancellationId, creditId, lines, totalCents, now, 'closure')]);
  }

  function recordPersonalDataErased(command: RecordPersonalDataErased, state: FamilyState, familyId: string): Decision {
    if (state.erasedAt !== null) return NOTHING;
    return right([
      { type: 'PersonalDataErased', data: { familyId, erasedAt: command.metadata.now, reason: command.data.reason } },
    ]);
  }

  function decide(input: FamilyCommand, state: FamilyState): Decision {
    // The zod schema only runs to explain a malformed command (see family.command-schema.ts).
    if (!isWellFormedFamilyCommand(input)) {
      const parsed = FamilyCommandSchema.safeParse(input);
      const issues = parsed.success ? [] : parsed.error.issues;
      return refuse('INVALID_COMMAND', `Invalid command: ${issues[0]?.message ?? 'malformed'}`, issues);
    }
    const command = input;
    if (command.type === 'RegisterFamily') return registerFamily(command, state);
    if (!state.registered || state.familyId === null) return refuse('FAMILY_NOT_REGISTERED', 'This family is not registered');
    const familyId = state.familyId;
    const nowMs = epochMsOfInstant(command.metadata.now);

    switch (command.type) {
      case 'EnrolChild':
        return enrolChild(command, state, familyId);
      case 'ChangeEnrolment':
        return changeEnrolment(command, state, familyId);
      case 'RequestReservation':
        return requestReservation(command, state, familyId, nowMs);
      case 'ConfirmWithCredit':
        return confirmWithCredit(command, state, nowMs);
      case 'StartPayment':
        return startPayment(command, state, nowMs);
      case 'ConfirmPayment':
        return confirmPayment(command, state, familyId, nowMs);
      case 'IssuePaymentTicket':
        return issuePaymentTicket(command, state);
      case 'ExpireOrder':
        return expireOrder(command, state, nowMs);
      case 'AbandonOrder':
        return abandonOrder(command, state, nowMs);
      case 'CancelReservation':
        return cancelReservation(command, state, familyId, nowMs);
      case 'NumberCreditNote':
        return numberCreditNote(command, state);
      case 'GrantGoodwillCredit':
        return grantGoodwillCredit(command, state, familyId, nowMs);
      case 'RefundCredit':
        return refundCredit(command, state, familyId, nowMs);
      case 'CloseServiceDay':
        return closeServiceDay(command, state, familyId, nowMs);
      case 'RecordPersonalDataErased':
        return recordPersonalDataErased(command, state, familyId);
      default: {
        const _exhaustive: never = command;
        return refuse('INVALID_COMMAND', `Unknown command ${(_exhaustive as { type: string }).type}`);
      }
    }
  }

  return { decide, evolve: evolveFamily, initialState: initialFamilyState };
}

/** Applies a decision's events to `state` (a convenience for callers holding state in memory). */
export function applyDecision(state: FamilyState, events: readonly FamilyEvent[]): FamilyState {
  let next = state;
  for (const event of events) next = evolveFamily(next, event);
  return next;
}
