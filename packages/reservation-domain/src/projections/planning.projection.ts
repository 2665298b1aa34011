/**
 * The family's week (docs/http.md planning): per child, per day, per activity the child is enrolled
 * in (or holds a slot of), the slot's status, its price and the order holding it.
 */
import * as E from 'fp-ts/Either';
import { cancellationDeadline, getActivity, isLateBooking, lateBookingLimit, priceSlot, reservationDeadline, serviceDayStatus, withLatePrice, type Catalog } from '../catalog';
import { isoWeekDates, type Instant, type IsoDate, type IsoWeek } from '../shared';
import { childPricingOf, quotientFamilialFor, schoolOf, familyIdOf, holdingStatus, isHoldOver, parseIsoWeek, slotKeyOf, slotUsageOf, type ChildState, type FamilyState, type Pricing, type Refusal } from '../family';

export type PlanningSlotStatus = 'free' | 'pending' | 'reserved' | 'closed' | 'locked';

export interface PlanningSlot {
  readonly activityId: string;
  readonly status: PlanningSlotStatus;
  /** Frozen price of a pending or reserved slot; what a free or locked one would cost; null when closed. */
  readonly priceCents: number | null;
  readonly orderId?: string;
  /** Null for an activity the catalog no longer knows. */
  readonly reservationDeadline: Instant | null;
  readonly cancellationDeadline: Instant | null;
  /** A reserved slot whose cancellation deadline has not passed. */
  readonly cancellable: boolean;
  /** Why a closed slot is closed: the holiday's label, 'not_served', 'outside_school_year', 'no_tariff'. */
  readonly closedReason?: string;
  /** When the town takes late bookings of this activity: the last instant one is accepted (docs/rules.md §2). */
  readonly lateBookingUntil?: Instant;
  /** A free slot past its deadline, within the late-booking window: `priceCents` is the late price. */
  readonly late?: true;
  /** With `late`: what the slot cost before its deadline. */
  readonly normalPriceCents?: number;
}

export interface PlanningDay {
  readonly date: IsoDate;
  readonly slots: readonly PlanningSlot[];
}

export interface PlanningChild {
  readonly childId: string;
  readonly rank: number;
  readonly days: readonly PlanningDay[];
}

export interface PlanningView {
  readonly familyId: string | null;
  readonly week: IsoWeek;
  readonly children: readonly PlanningChild[];
}

const NO_QF: Pricing = { quotientFamilial: null };

export function childrenByRank(state: FamilyState): ChildState[] {
  return state.children.values().sort((a, b) => a.rank - b.rank);
}

/**
 * `pricing` (the QF from the person stream) prices free slots; a pending order whose hold is
 * over at `now` no longer holds its slots here (R6), as the next request would expire it.
 * A week that does not exist in its ISO year (2027-W53) or lies outside 2000–2100 is refused
 * INVALID_WEEK, never thrown.
 */
export function planningView(
  catalog: Catalog,
  state: FamilyState,
  week: IsoWeek,
  now: Instant,
  pricing: Pricing = NO_QF,
): E.Either<Refusal, PlanningView> {
  const checked = parseIsoWeek(week);
  if (E.isLeft(checked)) return checked;
  const dates = isoWeekDates(week);
  const nowMs = Date.parse(now);
  const catalogOrder = new Map(catalog.activities.map((activity, index) => [activity.id, index]));

  const children = childrenByRank(state).map((child): PlanningChild => {
    const activityIds = new Set(child.activityIds);
    for (const date of dates) {
      for (const activity of catalog.activities) {
        if (state.slots.has(slotKeyOf(child.childId, activity.id, date))) activityIds.add(activity.id);
      }
    }
    const ordered = [...activityIds].sort(
      (a, b) => (catalogOrder.get(a) ?? Infinity) - (catalogOrder.get(b) ?? Infinity) || (a < b ? -1 : a > b ? 1 : 0),
    );
    return {
      childId: child.childId,
      rank: child.rank,
      days: dates.map((date) => ({
        date,
        slots: ordered.map((activityId) => slotOf(catalog, state, child, activityId, date, nowMs, pricing)),
      })),
    };
  });
  return E.right({ familyId: familyIdOf(state), week, children });
}

function slotOf(
  catalog: Catalog,
  state: FamilyState,
  child: ChildState,
  activityId: string,
  date: IsoDate,
  nowMs: number,
  pricing: Pricing,
): PlanningSlot {
  const known = getActivity(catalog, activityId) !== undefined;
  const reserveBy = known ? reservationDeadline(catalog, activityId, date) : null;
  const cancelBy = known ? cancellationDeadline(catalog, activityId, date) : null;
  const lateUntil = known ? lateBookingLimit(catalog, activityId, date) : null;
  const deadlines = { reservationDeadline: reserveBy, cancellationDeadline: cancelBy, ...(lateUntil === null ? {} : { lateBookingUntil: lateUntil }) };

  const holding = state.slots.get(slotKeyOf(child.childId, activityId, date));
  if (holding) {
    const order = state.orders.get(holding.orderId);
    const status = holdingStatus(state, holding);
    const lapsed = status === 'pending' && order !== undefined && isHoldOver(order, nowMs);
    if (!lapsed) {
      return {
        activityId,
        status,
        priceCents: holding.unitPriceCents,
        orderId: holding.orderId,
        ...deadlines,
        cancellable: status === 'reserved' && cancelBy !== null && nowMs <= Date.parse(cancelBy),
      };
    }
  }
  const day = serviceDayStatus(catalog, activityId, date, schoolOf(pricing, child.childId));
  if (!day.open) {
    return { activityId, status: 'closed', priceCents: null, ...deadlines, cancellable: false, closedReason: day.label ?? day.reason };
  }
  // A free day's price as if booked on its own, on top of what the child already holds (R3).
  const slot = { childId: child.childId, activityId, date };
  const price = priceSlot(catalog, activityId, date, {
    quotientFamilial: quotientFamilialFor(pricing, child.childId, date, catalog),
    resident: state.status === 'registered' ? state.resident : true,
    childRank: child.rank,
    ...childPricingOf(pricing, child.childId),
    usage: () => slotUsageOf(state.slots, [slot], [], slot),
  });
  if (E.isLeft(price)) {
    return { activityId, status: 'closed', priceCents: null, ...deadlines, cancellable: false, closedReason: 'no_tariff' };
  }
  const enrolled = child.activityIds.includes(activityId);
  const open = enrolled && reserveBy !== null && nowMs <= Date.parse(reserveBy);
  // Past the deadline, the town may still take it at the late price (the decider prices it the same way).
  if (enrolled && !open && isLateBooking(catalog, activityId, date, nowMs)) {
    const late = withLatePrice(catalog, activityId, price.right);
    return { activityId, status: 'free', priceCents: late.unitPriceCents, ...deadlines, cancellable: false, late: true, normalPriceCents: price.right.unitPriceCents };
  }
  return {
    activityId,
    status: open ? 'free' : 'locked',
    priceCents: price.right.unitPriceCents,
    ...deadlines,
    cancellable: false,
  };
}
