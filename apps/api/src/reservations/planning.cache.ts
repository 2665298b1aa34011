import type { Catalog, FamilyState, PersonState, PlanningView } from '@periscol/reservation-domain';
import type { PlanningDto } from './planning.dto';

const CACHE_SIZE = 2_000;

interface Entry {
  readonly state: FamilyState;
  readonly person: PersonState | undefined;
  readonly catalog: Catalog;
  /** The answer stays true until this instant (ms): the next deadline or end of hold in the week. */
  readonly validUntilMs: number;
  readonly dto: PlanningDto;
}

/**
 * Planning answers by family and week. An answer is reused while nothing it was computed from
 * changed: the same family state and person state (objects, which the snapshot and person
 * caches only replace on a new event), the same catalog (closures make a new one), and `now`
 * before the next instant at which a slot of that week changes by itself — a reservation,
 * cancellation or late-booking deadline passing, a pending order's hold running out.
 */
export class PlanningCache {
  private readonly entries = new Map<string, Entry>();

  get(familyId: string, week: string, state: FamilyState, person: PersonState | undefined, catalog: Catalog, nowMs: number): PlanningDto | undefined {
    const key = `${familyId}|${week}`;
    const entry = this.entries.get(key);
    if (!entry || entry.state !== state || entry.person !== person || entry.catalog !== catalog || nowMs >= entry.validUntilMs) return undefined;
    return entry.dto;
  }

  set(familyId: string, week: string, state: FamilyState, person: PersonState | undefined, catalog: Catalog, nowMs: number, view: PlanningView, dto: PlanningDto): void {
    const key = `${familyId}|${week}`;
    this.entries.delete(key);
    this.entries.set(key, { state, person, catalog, validUntilMs: validUntil(state, view, nowMs), dto });
    if (this.entries.size > CACHE_SIZE) this.entries.delete(this.entries.keys().next().value as string);
  }
}

/** The first instant after `nowMs` at which some slot of the view would show differently. */
export function validUntil(state: FamilyState, view: PlanningView, nowMs: number): number {
  let next = Number.POSITIVE_INFINITY;
  // Open while now <= deadline: the status changes 1 ms after it.
  const deadline = (instant: string | null) => {
    if (instant === null) return;
    const changesAt = Date.parse(instant) + 1;
    if (changesAt > nowMs && changesAt < next) next = changesAt;
  };
  for (const child of view.children) {
    for (const day of child.days) {
      for (const slot of day.slots) {
        deadline(slot.reservationDeadline);
        deadline(slot.cancellationDeadline);
        deadline(slot.lateBookingUntil ?? null); // a late-bookable day locks when its hard limit passes
      }
    }
  }
  // A pending order stops holding its slots at expiresAt.
  for (const orderId of state.pendingOrderIds) {
    const expiresAtMs = state.orders.get(orderId)?.expiresAtMs;
    if (expiresAtMs !== undefined && expiresAtMs > nowMs && expiresAtMs < next) next = expiresAtMs;
  }
  return next;
}
