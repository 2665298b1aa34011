/**
 * R1 and R11 (docs/rules.md): amounts are whole, positive numbers of cents, and bounded so that
 * no sum of them leaves the safe integers — see `FamilyDeciderDeps.maxAmountCents` / `maxBalanceCents`.
 */
import type { Left } from 'fp-ts/Either';
import type { Cents } from '../../shared';
import type { FamilyRecords } from '../family.state';
import { refuse, type Refusal } from '../refusal';
import type { DecisionContext } from './decision-context';

/** A whole number of cents above zero (any size: the bounds are checked apart, with their own code). */
export function isPositiveCents(amount: number): boolean {
  return Number.isInteger(amount) && amount > 0;
}

export function invalidAmount(amount: number): Left<Refusal> {
  return refuse('AMOUNT_INVALID', `Amount must be a positive integer number of cents, got ${amount}`);
}

/** AMOUNT_OUT_OF_BOUNDS for an amount above the town's maxAmountCents. */
export function amountAboveMax(context: DecisionContext, amountCents: number, what: string): Left<Refusal> {
  const { maxAmountCents } = context;
  return refuse('AMOUNT_OUT_OF_BOUNDS', `${what} of ${amountCents} cents is above the maximum of ${maxAmountCents} cents`, {
    amountCents,
    maxAmountCents,
  });
}

/** AMOUNT_OUT_OF_BOUNDS when adding `cents` of credit to `working` would leave more than maxBalanceCents. */
export function creditAboveMax(context: DecisionContext, working: FamilyRecords, cents: Cents, what: string): Left<Refusal> | null {
  const { maxBalanceCents } = context;
  const creditAfter = working.balanceCents + working.heldCents + cents;
  if (creditAfter <= maxBalanceCents) return null;
  return refuse(
    'AMOUNT_OUT_OF_BOUNDS',
    `${what} would leave the family ${creditAfter} cents of credit, above the maximum of ${maxBalanceCents} cents`,
    { amountCents: cents, balanceCents: working.balanceCents, heldCents: working.heldCents, maxBalanceCents },
  );
}
