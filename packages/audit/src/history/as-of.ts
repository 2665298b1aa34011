/**
 * `as-of <instant> --family <id>`: the family as the store had recorded it at that instant —
 * planning, credit balance and movements, orders, cancellations, payments, and the documents
 * that existed then (rendered with the API's own document inputs, so they are the PDFs a parent
 * would have downloaded at that moment).
 */
import { isLeft } from 'fp-ts/Either';
import type { EventStore } from '@periscol/event-store';
import {
  cancellationView,
  creditAccountView,
  foldFamily,
  isoWeekOf,
  ordersView,
  paymentsView,
  planningView,
  pricingOf,
  type CancellationView,
  type Catalog,
  type CreditAccountView,
  type FamilyState,
  type IsoWeek,
  type OrderView,
  type PaymentView,
  type PersonState,
  type PlanningView,
} from '@periscol/reservation-domain';
import { catalogAsOf } from './catalog-as-of';
import { readFamilyHistory, readPersonState } from './family-history.reader';

export interface AsOfEventRef {
  readonly position: number;
  readonly revision: number;
  readonly type: string;
  readonly recordedAt: string;
}

export interface AsOfView {
  readonly familyId: string;
  readonly instant: string;
  readonly registered: boolean;
  /** Family events recorded by then, and the last of them. */
  readonly eventsIncluded: number;
  readonly lastEvent: AsOfEventRef | null;
  /** Later events, not shown. */
  readonly eventsAfter: number;
  /** The identity as recorded then; null once the person stream was deleted (R17) or before it existed. */
  readonly person: { readonly name: string | null; readonly children: readonly { readonly childId: string; readonly name: string }[] } | null;
  readonly credit: CreditAccountView;
  readonly orders: readonly OrderView[];
  readonly cancellations: readonly CancellationView[];
  readonly payments: readonly PaymentView[];
  readonly planning: readonly PlanningView[];
  /** The state and identity behind the views (for rendering the documents of that time). */
  readonly state: FamilyState;
  readonly personState: PersonState | null;
  readonly catalog: Catalog;
}

export class FamilyNotFoundError extends Error {
  readonly code = 'FAMILY_NOT_FOUND' as const;
  constructor(readonly familyId: string) {
    super(`No family ${familyId} in this store (no stream family-${familyId})`);
    this.name = 'FamilyNotFoundError';
  }
}

/** The ISO weeks in which the family held a slot (pending or reserved) in `state`. */
export function weeksWithSlots(state: FamilyState): IsoWeek[] {
  const weeks = new Set<IsoWeek>();
  state.slots.forEach((slot) => weeks.add(isoWeekOf(slot.date)));
  return [...weeks].sort();
}

export async function familyAsOf(store: EventStore, baseCatalog: Catalog, familyId: string, instant: string, options: { readonly weeks?: readonly IsoWeek[] } = {}): Promise<AsOfView> {
  if (Number.isNaN(Date.parse(instant))) throw new RangeError(`not an instant: ${instant}`);
  const all = await readFamilyHistory(store, familyId);
  if (!all.streamExists) throw new FamilyNotFoundError(familyId);
  const history = await readFamilyHistory(store, familyId, { until: instant });
  const personState = await readPersonState(store, familyId, { until: instant });
  const catalog = await catalogAsOf(store, baseCatalog, instant);
  const state = foldFamily(history.events);
  const last = history.stored[history.stored.length - 1];
  const weeks = options.weeks && options.weeks.length > 0 ? options.weeks : weeksWithSlots(state);
  const now = new Date(instant).toISOString();
  return {
    familyId,
    instant: now,
    registered: state.status === 'registered',
    eventsIncluded: history.stored.length,
    lastEvent: last ? { position: last.position, revision: last.revision, type: last.type, recordedAt: String(last.metadata.recordedAt) } : null,
    eventsAfter: all.stored.length - history.stored.length,
    person: personState
      ? { name: personState.name, children: [...personState.children.values()].map((child) => ({ childId: child.childId, name: `${child.firstName} ${child.lastName}` })) }
      : null,
    credit: creditAccountView(state, now),
    orders: ordersView(state, now),
    cancellations: state.cancellations.keys().flatMap((id) => cancellationView(state, id) ?? []).sort((a, b) => (a.cancelledAt < b.cancelledAt ? -1 : a.cancelledAt > b.cancelledAt ? 1 : 0)),
    payments: paymentsView(state),
    planning: weeks.flatMap((week) => {
      const view = planningView(catalog, state, week, now, pricingOf(personState));
      return isLeft(view) ? [] : [view.right];
    }),
    state,
    personState,
    catalog,
  };
}
