/**
 * The requests of the load, built one by one: the same reservation request body for the API
 * (`/api/families/:id/reservations`) and the baseline (`/families/:id/reservations`), each with
 * its own Idempotency-Key and its own slot; reads spread round-robin over the families.
 */
import type autocannon from 'autocannon';
import type { SlotPlan } from './slot-plan';

export interface RequestBuilders {
  readonly reserve: (i: number) => autocannon.RequestData;
  readonly read: (i: number) => autocannon.RequestData;
}

function authorization(token: string): Record<string, string> {
  return token ? { authorization: `Bearer ${token}` } : {};
}

function reservation(plan: SlotPlan, pathPrefix: string, runId: string): (i: number) => autocannon.RequestData {
  return (i) => {
    const { family, slot } = plan.at(i);
    return {
      method: 'POST',
      path: `${pathPrefix}/families/${family.familyId}/reservations`,
      headers: { 'content-type': 'application/json', 'idempotency-key': `bench-${runId}-reserve-${i}`, ...authorization(family.token) },
      body: JSON.stringify({ slots: [slot] }),
    };
  };
}

/** The API: reservation requests and the planning of one ISO week. */
export function apiRequests(plan: SlotPlan, runId: string, week: string): RequestBuilders {
  return {
    reserve: reservation(plan, '/api', runId),
    read: (i) => {
      const family = plan.familyAt(i);
      return { method: 'GET', path: `/api/families/${family.familyId}/planning?week=${week}`, headers: authorization(family.token) };
    },
  };
}

/** The baseline: the same appends, and a read of one family's whole stream. */
export function baselineRequests(plan: SlotPlan, runId: string): RequestBuilders {
  return {
    reserve: reservation(plan, '', runId),
    read: (i) => ({ method: 'GET', path: `/families/${plan.familyAt(i).familyId}/events`, headers: {} }),
  };
}
