/**
 * R6 (docs/rules.md): a pending order is over once `now >= expiresAt`, at that very instant.
 * Every command whose answer depends on slots or credit (a request, a cancellation, a payment, a
 * goodwill credit, a refund, a closure, an erasure) first expires such orders itself
 * (`ReservationExpired`, reason 'timeout', at `expiresAt`), so no sweeper has to run before a
 * family can book, cancel or see its whole balance.
 */
import type { ReservationExpired } from '../family.events';
import { foldFamily } from '../family.evolve';
import { lapsedHoldExpiries } from '../family.queries';
import type { RegisteredFamilyState } from '../family.state';

/** The state the decision is taken on: `state` with every lapsed hold expired, and those expiries. */
export function withLapsedHoldsExpired(
  state: RegisteredFamilyState,
  nowMs: number,
): { readonly expiries: readonly ReservationExpired[]; readonly working: RegisteredFamilyState } {
  const expiries = lapsedHoldExpiries(state, nowMs);
  // Expiries never change the registration: the working state is registered too.
  return { expiries, working: expiries.length > 0 ? (foldFamily(expiries, state) as RegisteredFamilyState) : state };
}
