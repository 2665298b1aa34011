import { isLeft, right, type Either } from 'fp-ts/Either';
import { getActivity, type Catalog } from '../catalog';
import type { Cents, IsoDate } from '../shared';
import { familyIdOf, holdingStatus, parseLocalDate, type FamilyState, type Refusal } from '../family';
import { childrenByRank } from './planning.projection';

export interface RecapLine {
  readonly date: IsoDate;
  readonly unitPriceCents: Cents;
  readonly orderId: string;
}

export interface RecapActivity {
  readonly activityId: string;
  /** The catalog's label, or the id for an activity the catalog no longer knows. */
  readonly label: string;
  readonly dates: readonly IsoDate[];
  readonly lines: readonly RecapLine[];
  readonly count: number;
  readonly totalCents: Cents;
}

export interface RecapChild {
  readonly childId: string;
  readonly activities: readonly RecapActivity[];
  readonly count: number;
  readonly totalCents: Cents;
}

export interface RecapView {
  readonly familyId: string | null;
  readonly from: IsoDate;
  readonly to: IsoDate;
  readonly children: readonly RecapChild[];
  readonly count: number;
  readonly totalCents: Cents;
}

/**
 * Confirmed reservations from `from` to `to` (both included), per child (by rank) and activity
 * (catalog order). A date that does not exist, or lies outside 2000–2100, is refused INVALID_DATE;
 * `from` after `to` is an empty period.
 */
export function recapView(
  catalog: Catalog,
  state: FamilyState,
  period: { readonly from: IsoDate; readonly to: IsoDate },
): Either<Refusal, RecapView> {
  const checkedFrom = parseLocalDate(period.from);
  if (isLeft(checkedFrom)) return checkedFrom;
  const checkedTo = parseLocalDate(period.to);
  if (isLeft(checkedTo)) return checkedTo;
  const { from, to } = period;
  const byChild = new Map<string, Map<string, RecapLine[]>>();
  state.slots.forEach((slot) => {
    if (slot.date < from || slot.date > to || holdingStatus(state, slot) !== 'reserved') return;
    let activities = byChild.get(slot.childId);
    if (!activities) byChild.set(slot.childId, (activities = new Map()));
    let lines = activities.get(slot.activityId);
    if (!lines) activities.set(slot.activityId, (lines = []));
    lines.push({ date: slot.date, unitPriceCents: slot.unitPriceCents, orderId: slot.orderId });
  });
  const catalogOrder = new Map(catalog.activities.map((activity, index) => [activity.id, index]));

  const children: RecapChild[] = [];
  for (const child of childrenByRank(state)) {
    const activities = byChild.get(child.childId);
    if (!activities) continue;
    const recapActivities = [...activities.entries()]
      .sort(([a], [b]) => (catalogOrder.get(a) ?? Infinity) - (catalogOrder.get(b) ?? Infinity) || (a < b ? -1 : 1))
      .map(([activityId, lines]): RecapActivity => {
        lines.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
        return {
          activityId,
          label: getActivity(catalog, activityId)?.label ?? activityId,
          dates: lines.map((line) => line.date),
          lines,
          count: lines.length,
          totalCents: lines.reduce((sum, line) => sum + line.unitPriceCents, 0),
        };
      });
    children.push({
      childId: child.childId,
      activities: recapActivities,
      count: recapActivities.reduce((sum, activity) => sum + activity.count, 0),
      totalCents: recapActivities.reduce((sum, activity) => sum + activity.totalCents, 0),
    });
  }
  return right({
    familyId: familyIdOf(state),
    from,
    to,
    children,
    count: children.reduce((sum, child) => sum + child.count, 0),
    totalCents: children.reduce((sum, child) => sum + child.totalCents, 0),
  });
}
