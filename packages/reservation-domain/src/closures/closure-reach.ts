/**
 * R14 across families: which families a closure reaches and what it did to one of them. The
 * sweep looks for the families holding the day after the closure is recorded, and every family
 * command, after its append, looks for the closures recorded since it decided
 * (`closuresMissedBy`): whatever the interleaving, one of the two sees the other.
 */
import type { ActivityClosure, Catalog } from '../catalog/catalog.types';
import { slotKeyOf, type FamilyState } from '../family';

/** True when some child of the family holds that day, reserved or pending. */
export function holdsDay(state: FamilyState, activityId: string, date: string): boolean {
  let holds = false;
  state.children.forEach((child) => {
    if (!holds && state.slots.get(slotKeyOf(child.childId, activityId, date)) !== undefined) holds = true;
  });
  return holds;
}

const sameDay = (a: ActivityClosure, b: ActivityClosure) => a.activityId === b.activityId && a.date === b.date;

/** The closures in `latest` and not in `decidedWith`, for days the family holds in `state`. */
export function closuresMissedBy(decidedWith: Catalog, latest: Catalog, state: FamilyState): ActivityClosure[] {
  if (latest === decidedWith) return [];
  return latest.closures.filter((closure) => !decidedWith.closures.some((known) => sameDay(known, closure)) && holdsDay(state, closure.activityId, closure.date));
}

/** What closing a day did to one family: the mass credit a closure causes is the sum of these. */
export interface ClosureOutcome {
  readonly cancelledSlots: number;
  readonly creditedCents: number;
  readonly expiredOrders: number;
}

export const NO_CLOSURE_OUTCOME: ClosureOutcome = Object.freeze({ cancelledSlots: 0, creditedCents: 0, expiredOrders: 0 });

/**
 * The outcome of `CloseServiceDay` (cancellation `cancellationId`) on a family, read from its
 * state before and after: the same answer for the first run and for a replay of it.
 */
export function closureOutcome(before: FamilyState, after: FamilyState, closure: Pick<ActivityClosure, 'activityId' | 'date'>, cancellationId: string): ClosureOutcome {
  const cancellation = after.cancellations.get(cancellationId);
  let expiredOrders = 0;
  after.orders.forEach((order) => {
    if (order.status !== 'expired' || before.orders.get(order.orderId)?.status === 'expired') return;
    if (order.lines.some((line) => line.activityId === closure.activityId && line.date === closure.date)) expiredOrders++;
  });
  return {
    cancelledSlots: cancellation?.lines.length ?? 0,
    creditedCents: cancellation?.lines.reduce((sum, line) => sum + line.creditCents, 0) ?? 0,
    expiredOrders,
  };
}

export function addClosureOutcomes(a: ClosureOutcome, b: ClosureOutcome): ClosureOutcome {
  return { cancelledSlots: a.cancelledSlots + b.cancelledSlots, creditedCents: a.creditedCents + b.creditedCents, expiredOrders: a.expiredOrders + b.expiredOrders };
}
