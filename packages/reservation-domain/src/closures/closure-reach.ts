/**
 * R14 across families: which families a closure reaches and what it did to one of them. The
 * sweep looks for the families holding the day after the closure is recorded, and every family
 * command, after its append, looks for the closures recorded since it decided
 * (`closuresMissedBy`): whatever the interleaving, one of the two sees the other.
 *
 * A closure for one school reaches the children of that school only. The family stream never
 * holds schools (R17): they come from the person stream, by child, when the closure is applied.
 */
import type { ActivityClosure, Catalog } from '../catalog/catalog.types';
import { schoolKey } from '../catalog/school-name';
import { slotKeyOf, type FamilyState } from '../family';

/**
 * True when some child of the family holds that day, reserved or pending. With `school`, only
 * the children `schools` (each child's school, by childId) puts in that school count.
 */
export function holdsDay(state: FamilyState, activityId: string, date: string, school?: string, schools?: Readonly<Record<string, string>>): boolean {
  const key = school === undefined ? undefined : schoolKey(school);
  let holds = false;
  state.children.forEach((child) => {
    if (holds || state.slots.get(slotKeyOf(child.childId, activityId, date)) === undefined) return;
    if (key === undefined) holds = true;
    else if (schools !== undefined && Object.hasOwn(schools, child.childId) && schoolKey(schools[child.childId]) === key) holds = true;
  });
  return holds;
}

const sameClosure = (a: ActivityClosure, b: ActivityClosure) =>
  a.activityId === b.activityId && a.date === b.date && (a.school === undefined ? b.school === undefined : b.school !== undefined && schoolKey(a.school) === schoolKey(b.school));

/**
 * The closures a family must apply itself after a command, for days some child of it holds in
 * `state`: those in `latest` and not in `decidedWith` (recorded while it decided), and every
 * closure for one school (the decision may have been taken without the child's school: a late
 * payment, an identity recorded later). The caller keeps a school's closure only when a child
 * of that school holds the day (`holdsDay` with the schools).
 */
export function closuresMissedBy(decidedWith: Catalog, latest: Catalog, state: FamilyState): ActivityClosure[] {
  if (latest === decidedWith && !latest.closures.some((closure) => closure.school !== undefined)) return [];
  return latest.closures.filter(
    (closure) =>
      (closure.school !== undefined || (latest !== decidedWith && !decidedWith.closures.some((known) => sameClosure(known, closure)))) &&
      holdsDay(state, closure.activityId, closure.date),
  );
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
