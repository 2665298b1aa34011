/**
 * RequestReservation — R2, R3, R4, R6, R10 (docs/rules.md). A request is non-empty, names no
 * slot twice, and every slot is bookable (R2) and free: neither reserved nor pending. Each slot
 * is priced with the grid in force on its date, for the family's QF at request time, residence,
 * the child's sibling rank, school level and PAI, and the days the child holds that week and
 * month, this order's included (R3); the unit price and its rule label are frozen into the event. The credit balance
 * applies first: creditApplied = min(balance, total), amountDue = total − creditApplied (R4,
 * R10, oldest credit first). The slots and that credit are held until `now + hold` (R6).
 * The same orderId with the same slots changes nothing; with other slots it is ID_CONFLICT.
 * R23: a slot of a day with no place left is DAY_FULL (`context.places`, read from the places streams).
 */
import { isLeft, right } from 'fp-ts/Either';
import { isLateBooking, priceSlot, withLatePrice } from '../../catalog';
import type { RequestReservation } from '../family.commands';
import type { ReservationLine, ReservationRequested } from '../family.events';
import { holdingStatus } from '../family.queries';
import { slotKeyOf, type RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant, instantFromEpochMs } from '../internal/instant-format';
import { sameKeySet } from '../internal/same-key-set';
import { refuse } from '../refusal';
import { amountAboveMax } from './amount-bounds';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { withLapsedHoldsExpired } from './lapsed-holds';
import { childPricingOf, quotientFamilialFor, schoolOf } from './child-pricing';
import { distinctSlotKeys, refuseSlots, slotBookingProblem, slotProblem, type SlotProblem } from './slot-rules';
import { slotUsageOf } from './slot-usage';

export function requestReservation(command: RequestReservation, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { catalog } = context;
  const { orderId, slots, pricing } = command.data;
  const keys = distinctSlotKeys(slots);
  if (isLeft(keys)) return keys;
  const existing = family.orders.get(orderId);
  if (existing) {
    const existingKeys = existing.lines.map((line) => slotKeyOf(line.childId, line.activityId, line.date));
    if (sameKeySet(existingKeys, keys.right)) return NOTHING;
    return refuse('ID_CONFLICT', `Order ${orderId} already exists with other slots`);
  }

  const nowMs = epochMsOfInstant(command.metadata.now);
  const { expiries, working } = withLapsedHoldsExpired(family, nowMs);
  const problems: SlotProblem[] = [];
  const lines: ReservationLine[] = [];
  let totalCents = 0;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    const problem = slotBookingProblem(catalog, working, slot, nowMs, true, schoolOf(pricing, slot.childId));
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
    const pricedBefore = lines.length;
    const price = priceSlot(catalog, slot.activityId, slot.date, {
      quotientFamilial: quotientFamilialFor(pricing, slot.childId, slot.date, catalog),
      resident: working.resident,
      childRank,
      ...childPricingOf(pricing, slot.childId),
      usage: () => slotUsageOf(working.slots, slots, lines.slice(0, pricedBefore), slot),
    });
    if (isLeft(price)) {
      problems.push(slotProblem(slot, 'NO_TARIFF', price.left.message));
      continue;
    }
    // Past the deadline but within the town's late-booking window: the late price, labelled so.
    const { unitPriceCents, tariff } = isLateBooking(catalog, slot.activityId, slot.date, nowMs) ? withLatePrice(catalog, slot.activityId, price.right) : price.right;
    lines.push({ childId: slot.childId, activityId: slot.activityId, date: slot.date, unitPriceCents, tariff });
    totalCents += unitPriceCents;
  }
  // R23: a day whose places are all taken refuses the slot (its family may join the waiting list).
  if (problems.length === 0 && context.places) {
    for (const full of context.places.unplaced(family.familyId, lines, (id) => working.orders.get(id)?.status !== 'expired' && working.orders.has(id))) {
      problems.push(slotProblem(full, 'DAY_FULL', `No place left for ${full.activityId} on ${full.date}`));
    }
  }
  if (problems.length > 0) return refuseSlots(problems);
  if (totalCents > context.maxAmountCents) return amountAboveMax(context, totalCents, 'A reservation');

  const creditAppliedCents = Math.min(working.balanceCents, totalCents);
  const requested: ReservationRequested = {
    type: 'ReservationRequested',
    data: {
      orderId,
      familyId: family.familyId,
      lines,
      totalCents,
      creditAppliedCents,
      amountDueCents: totalCents - creditAppliedCents,
      requestedAt: command.metadata.now,
      expiresAt: instantFromEpochMs(nowMs + context.holdMs),
    },
  };
  return right(expiries.length === 0 ? [requested] : [...expiries, requested]);
}
