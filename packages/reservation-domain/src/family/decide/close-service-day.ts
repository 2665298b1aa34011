/**
 * CloseServiceDay — the family's side of R14 (docs/rules.md): when the town closes an activity
 * on a date, every reservation of that day by this family is cancelled with full credit,
 * whatever the deadline, and every pending order containing it expires (reason 'closure'). A
 * closure for one school (`school`) reaches only the children the command's `schools` puts in
 * that school: their reservations are cancelled, the pending orders holding that day for one of
 * them expire (as a whole, like any order), the other children keep theirs. The events name what
 * was cancelled and expired, so a replay never reads the schools again. Its
 * credit is recorded whatever maxBalanceCents: the town closed the day and owes what was paid
 * for it. A pending order whose hold was already over is expired as timed out at its end (R6),
 * not as closed. Nothing held that day: no event; the same closure again changes nothing.
 */
import { right } from 'fp-ts/Either';
import { getActivity, schoolKey } from '../../catalog';
import type { CloseServiceDay } from '../family.commands';
import type { CancellationLine, ReservationExpired } from '../family.events';
import { holdingStatus } from '../family.queries';
import { slotKeyOf, type RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { refuse } from '../refusal';
import { cancellationEvents } from './cancellation-events';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { withLapsedHoldsExpired } from './lapsed-holds';

export function closeServiceDay(command: CloseServiceDay, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { activityId, date, cancellationId, creditId } = command.data;
  const reached = childrenReached(command.data.school, command.data.schools);
  if (!getActivity(context.catalog, activityId)) return refuse('UNKNOWN_ACTIVITY', `Unknown activity ${activityId}`);
  const existing = family.cancellations.get(cancellationId);
  if (existing) {
    const same = existing.reason === 'closure' && existing.lines.every((line) => line.activityId === activityId && line.date === date);
    return same ? NOTHING : refuse('ID_CONFLICT', `Cancellation ${cancellationId} already exists with other content`);
  }
  if (family.credits.has(creditId)) return refuse('ID_CONFLICT', `Credit ${creditId} already exists`);

  const now = command.metadata.now;
  const lapsed = withLapsedHoldsExpired(family, epochMsOfInstant(now));
  const working = lapsed.working;
  const expiries: ReservationExpired[] = [...lapsed.expiries];
  for (const orderId of working.pendingOrderIds) {
    const order = working.orders.get(orderId);
    if (order && order.lines.some((line) => line.activityId === activityId && line.date === date && reached(line.childId))) {
      expiries.push({
        type: 'ReservationExpired',
        data: { orderId, expiredAt: now, reason: 'closure', creditReleasedCents: order.creditAppliedCents },
      });
    }
  }
  const lines: CancellationLine[] = [];
  let totalCents = 0;
  working.children.forEach((child) => {
    if (!reached(child.childId)) return;
    const holding = working.slots.get(slotKeyOf(child.childId, activityId, date));
    if (holding && holdingStatus(working, holding) === 'reserved') {
      lines.push({ childId: child.childId, activityId, date, orderId: holding.orderId, creditCents: holding.unitPriceCents });
      totalCents += holding.unitPriceCents;
    }
  });
  lines.sort((a, b) => (a.childId < b.childId ? -1 : a.childId > b.childId ? 1 : 0));
  if (lines.length === 0) return right(expiries);
  return right([...expiries, ...cancellationEvents(family.familyId, cancellationId, creditId, lines, totalCents, now, 'closure')]);
}

/** Whether the closure reaches a child: every child, or (for one school) the children of that school. */
function childrenReached(school: string | undefined, schools: Readonly<Record<string, string>> | undefined): (childId: string) => boolean {
  if (school === undefined) return () => true;
  const key = schoolKey(school);
  return (childId) => schools !== undefined && Object.hasOwn(schools, childId) && schoolKey(schools[childId]) === key;
}
