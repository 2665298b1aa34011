import type { Cents, Instant } from '../shared';
import { familyIdOf, familyStateAt, type CreditMovement, type CreditState, type FamilyState } from '../family';

export interface CreditAccountView {
  readonly familyId: string | null;
  /** What the next reservation may use (R10). */
  readonly balanceCents: Cents;
  /** Credit held by pending orders (back in the balance if they expire). */
  readonly heldCents: Cents;
  /** Oldest first; `amountCents` signed (+ raises the balance). */
  readonly movements: readonly CreditMovement[];
  /** Every credit issued, oldest first, with what is left of it and its credit note number. */
  readonly credits: readonly (CreditState & { readonly remainingCents: Cents })[];
}

export function creditMovements(state: FamilyState): CreditMovement[] {
  const out: CreditMovement[] = [];
  for (let node = state.movements; node; node = node.tail) out.push(node.head);
  return out.reverse();
}

/**
 * The family's credit as it reads at `now` (R6): credit held by a pending order whose hold is
 * over is back in the balance, with its 'released_from_order' movement at the hold's end,
 * before the order's `ReservationExpired` is recorded.
 */
export function creditAccountView(recorded: FamilyState, now: Instant): CreditAccountView {
  const state = familyStateAt(recorded, now);
  const remaining = new Map(state.openLots.map((lot) => [lot.creditId, lot.remainingCents]));
  return {
    familyId: familyIdOf(state),
    balanceCents: state.balanceCents,
    heldCents: state.heldCents,
    movements: creditMovements(state),
    credits: state.credits
      .values()
      .sort((a, b) => a.seq - b.seq)
      .map((credit) => ({ ...credit, remainingCents: remaining.get(credit.creditId) ?? 0 })),
  };
}
