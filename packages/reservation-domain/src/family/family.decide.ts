/**
 * The family decider (emmett shape): `decide(command, state)` returns the events to append or a
 * refusal; `evolve` folds them. Pure: time and ids come in with the command. A command that
 * changes nothing succeeds with no events (the same orderId with the same slots, the same
 * paymentId confirmed twice, …), the cheapest idempotency there is.
 *
 * Holds that have run out: a pending order is over once `now >= expiresAt`. Commands that need
 * its slots or its credit (a new request, a refund, a late payment) first expire such orders
 * themselves (`ReservationExpired`, reason 'timeout', at `expiresAt`), so no sweeper has to run
 * before a family can book again; a background `ExpireOrder` remains the way to free them early.
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
import type { Cents, Instant } from '../shared';
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
  ReservationCancelled,
  ReservationConfirmed,
  ReservationExpired,
  ReservationLine,
  ReservationRequested,
} from './family.events';
import { evolveFamily, foldFamily, holdingStatus, initialFamilyState, slotKeyOf, type FamilyState, type OrderState } from './family.state';
import { epochMsOfInstant, instantFromEpochMs } from './instant-format';
import { refuse, type Refusal, type RefusalCode } from './refusal';

export type Decision = Either<Refusal, readonly FamilyEvent[]>;

export interface FamilyDeciderDeps {
  readonly catalog: Catalog;
  /** How long a pending order holds its slots and credit (R6); PERISCOL_HOLD_MINUTES, default 60. */
  readonly holdMinutes: number;
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
const NO_EXPIRIES: readonly ReservationExpired[] = Object.freeze([]);

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

export function isHoldOver(order: OrderState, nowMs: number): boolean {
  return order.status === 'pending' && nowMs >= order.expiresAtMs;
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

/** The events expiring every order whose hold is over at `nowMs` (reason 'timeout', at expiresAt). */
function expireOverdue(state: FamilyState, nowMs: number): readonly ReservationExpired[] {
  if (state.pendingOrderIds.length === 0) return NO_EXPIRIES;
  const events: ReservationExpired[] = [];
  for (const orderId of state.pendingOrderIds) {
    const order = state.orders.get(orderId);
    if (order && isHoldOver(order, nowMs)) events.push(timeoutOf(order));
  }
  return events;
}

function timeoutOf(order: OrderState): ReservationExpired {
  return {
    type: 'ReservationExpired',
    data: { orderId: order.orderId, expiredAt: order.expiresAt, reason: 'timeout', creditReleasedCents: order.creditAppliedCents },
  };
}

function validAmount(amount: number): boolean {
  return Number.isSafeInteger(amount) && amount > 0;
}

function invalidAmount(amount: number): Left<Refusal> {
  return refuse('AMOUNT_INVALID', `Amount must be a positive integer number of cents, got ${amount}`);
}

export function createFamilyDecider(deps: FamilyDeciderDeps): FamilyDecider {
  const { catalog, holdMinutes } = deps;
  if (!Number.isFinite(holdMinutes) || holdMinutes <= 0) throw new RangeError(`holdMinutes must be positive, got ${holdMinutes}`);
  const holdMs = holdMinutes * 60_000;

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

    const expiries = expireOverdue(state, nowMs);
    const working = expiries.length > 0 ? foldFamily(expiries, state) : state;

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

  function confirmWithCredit(command: ConfirmWithCredit, state: FamilyState, nowMs: number): Decision {
    const existing = state.orders.get(command.data.orderId);
    if (existing?.status === 'confirmed' && existing.via === 'credit') return NOTHING;
    const order = pendingOrder(state, command.data.orderId, nowMs);
    if (isLeft(order)) return order;
    if (order.right.amountDueCents > 0) {
      return refuse('ACTION_NOT_ALLOWED', `Order ${order.right.orderId} has ${order.right.amountDueCents} cents to pay: pay it`, {
        action: 'pay',
      });
    }
    return right([
      { type: 'ReservationConfirmed', data: { orderId: order.right.orderId, confirmedAt: command.metadata.now, via: 'credit' } },
    ]);
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

  function confirmPayment(command: ConfirmPayment, state: FamilyState, familyId: string, nowMs: number): Decision {
    const { paymentId, orderId, provider, amountCents } = command.data;
    if (!validAmount(amountCents)) return invalidAmount(amountCents);
    const known = state.payments.get(paymentId);
    if (known?.status === 'confirmed') {
      if (known.orderId === orderId && known.amountCents === amountCents && known.provider === provider) return NOTHING;
      return refuse('ID_CONFLICT', `Payment ${paymentId} was already confirmed with other content`);
    }
    if (known && (known.orderId !== orderId || known.provider !== provider)) {
      return refuse('ID_CONFLICT', `Payment ${paymentId} was started for order ${known.orderId} with ${known.provider}`);
    }
    const creditId = command.data.creditId ?? `${paymentId}-credit`;
    const paidAt = command.metadata.now;
    const paid = (outcome: PaymentConfirmed['data']['outcome']): PaymentConfirmed => ({
      type: 'PaymentConfirmed',
      data: { paymentId, orderId, provider, amountCents, paidAt, outcome },
    });
    const confirmed: ReservationConfirmed = {
      type: 'ReservationConfirmed',
      data: { orderId, confirmedAt: paidAt, via: 'payment', paymentId },
    };

    const order = state.orders.get(orderId);
    if (order?.status === 'pending' && !isHoldOver(order, nowMs) && amountCents === order.amountDueCents) {
      return right([paid('order_confirmed'), confirmed]);
    }
    const expiries: ReservationExpired[] = order && isHoldOver(order, nowMs) ? [timeoutOf(order)] : [];
    const working = expiries.length > 0 ? foldFamily(expiries, state) : state;
    const current = working.orders.get(orderId);
    if (current?.status === 'expired' && amountCents === current.amountDueCents && lateConfirmable(working, current, nowMs)) {
      return right([...expiries, paid('order_confirmed'), confirmed]);
    }
    // Money received is never lost (R7): the whole payment becomes credit.
    if (state.credits.has(creditId)) return refuse('ID_CONFLICT', `Credit ${creditId} already exists`);
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
    return right([timeoutOf(order)]);
  }

  function abandonOrder(command: AbandonOrder, state: FamilyState, nowMs: number): Decision {
    const order = state.orders.get(command.data.orderId);
    if (!order) return refuse('UNKNOWN_ORDER', `Unknown order ${command.data.orderId}`);
    if (order.status === 'expired') return NOTHING;
    if (order.status === 'confirmed') return refuse('ORDER_NOT_PENDING', `Order ${order.orderId} is confirmed`, { status: 'confirmed' });
    if (isHoldOver(order, nowMs)) return right([timeoutOf(order)]);
    return right([
      {
        type: 'ReservationExpired',
        data: {
          orderId: order.orderId,
          expiredAt: command.metadata.now,
          reason: 'abandoned',
          creditReleasedCents: order.creditAppliedCents,
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

    const problems: SlotProblem[] = [];
    const lines: CancellationLine[] = [];
    let totalCents = 0;
    for (let i = 0; i < slots.length; i++) {
      const slot = slots[i];
      const holding = state.slots.get(keys.right[i]);
      if (!state.children.has(slot.childId)) {
        problems.push(slotProblem(slot, 'UNKNOWN_CHILD', `Child ${slot.childId} is not a child of this family`));
      } else if (!holding) {
        problems.push(slotProblem(slot, 'NOT_RESERVED', `${keys.right[i]} is not reserved`));
      } else if (holdingStatus(state, holding) === 'pending') {
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
    return right(cancellationEvents(familyId, cancellationId, creditId, lines, totalCents, command.metadata.now, 'parent'));
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

  function grantGoodwillCredit(command: GrantGoodwillCredit, state: FamilyState, familyId: string): Decision {
    const { creditId, amountCents, reason } = command.data;
    if (!validAmount(amountCents)) return invalidAmount(amountCents);
    const existing = state.credits.get(creditId);
    if (existing) {
      if (existing.source === 'goodwill' && existing.amountCents === amountCents && existing.reason === reason) return NOTHING;
      return refuse('ID_CONFLICT', `Credit ${creditId} already exists with other content`);
    }
    return right([
      {
        type: 'CreditIssued',
        data: { creditId, familyId, amountCents, source: 'goodwill', sourceId: creditId, reason, issuedAt: command.metadata.now },
      },
    ]);
  }

  function refundCredit(command: RefundCredit, state: FamilyState, familyId: string, nowMs: number): Decision {
    const { refundId, amountCents, reference } = command.data;
    if (!validAmount(amountCents)) return invalidAmount(amountCents);
    const existing = state.refunds.get(refundId);
    if (existing) {
      if (existing.amountCents === amountCents && existing.reference === reference) return NOTHING;
      return refuse('ID_CONFLICT', `Refund ${refundId} already exists with other content`);
    }
    const expiries = expireOverdue(state, nowMs);
    const working = expiries.length > 0 ? foldFamily(expiries, state) : state;
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

  function closeServiceDay(command: CloseServiceDay, state: FamilyState, familyId: string): Decision {
    const { activityId, date, cancellationId, creditId } = command.data;
    if (!getActivity(catalog, activityId)) return refuse('UNKNOWN_ACTIVITY', `Unknown activity ${activityId}`);
    const existing = state.cancellations.get(cancellationId);
    if (existing) {
      const same = existing.reason === 'closure' && existing.lines.every((line) => line.activityId === activityId && line.date === date);
      return same ? NOTHING : refuse('ID_CONFLICT', `Cancellation ${cancellationId} already exists with other content`);
    }
    if (state.credits.has(creditId)) return refuse('ID_CONFLICT', `Credit ${creditId} already exists`);

    const now = command.metadata.now;
    const expiries: ReservationExpired[] = [];
    for (const orderId of state.pendingOrderIds) {
      const order = state.orders.get(orderId);
      if (order && order.lines.some((line) => line.activityId === activityId && line.date === date)) {
        expiries.push({
          type: 'ReservationExpired',
          data: { orderId, expiredAt: now, reason: 'closure', creditReleasedCents: order.creditAppliedCents },
        });
      }
    }
    const lines: CancellationLine[] = [];
    let totalCents = 0;
    state.children.forEach((child) => {
      const holding = state.slots.get(slotKeyOf(child.childId, activityId, date));
      if (holding && holdingStatus(state, holding) === 'reserved') {
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
        return grantGoodwillCredit(command, state, familyId);
      case 'RefundCredit':
        return refundCredit(command, state, familyId, nowMs);
      case 'CloseServiceDay':
        return closeServiceDay(command, state, familyId);
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
