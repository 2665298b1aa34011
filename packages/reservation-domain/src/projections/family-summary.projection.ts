import type { Cents, Instant } from '../shared';
import { familyStateAt, type FamilyState } from '../family';
import { childrenByRank } from './planning.projection';

/** The financial side of docs/http.md `Family` (identity comes from the person stream). */
export interface FamilySummaryView {
  readonly familyId: string | null;
  readonly resident: boolean;
  readonly registeredAt: Instant | null;
  readonly personalDataErasedAt: Instant | null;
  readonly children: readonly { readonly childId: string; readonly activityIds: readonly string[]; readonly rank: number }[];
  readonly creditBalanceCents: Cents;
  readonly heldCreditCents: Cents;
  readonly pendingOrderIds: readonly string[];
}

/** The family as it reads at `now` (R6): an order whose hold is over is no longer pending, its credit is back. */
export function familySummaryView(recorded: FamilyState, now: Instant): FamilySummaryView {
  const state = familyStateAt(recorded, now);
  const registered = state.status === 'registered' ? state : null;
  return {
    familyId: registered?.familyId ?? null,
    resident: registered?.resident ?? true,
    registeredAt: registered?.registeredAt ?? null,
    personalDataErasedAt: registered?.erasedAt ?? null,
    children: childrenByRank(state).map(({ childId, activityIds, rank }) => ({ childId, activityIds, rank })),
    creditBalanceCents: state.balanceCents,
    heldCreditCents: state.heldCents,
    pendingOrderIds: state.pendingOrderIds,
  };
}
