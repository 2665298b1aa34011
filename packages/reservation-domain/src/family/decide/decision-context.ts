/**
 * What every decision of the family decider shares: the town's catalog, how long a hold lasts
 * and the bounds on amounts, fixed when the decider is created; and the shape of a decision.
 */
import { right, type Either } from 'fp-ts/Either';
import type { Catalog } from '../../catalog';
import { DEFAULT_MAX_AMOUNT_CENTS, DEFAULT_MAX_BALANCE_CENTS, MAX_REPRESENTABLE_CENTS, type Cents } from '../../shared';
import type { Slot } from '../family.commands';
import type { FamilyEvent } from '../family.events';
import type { Refusal } from '../refusal';

/** The events to append (none: nothing to change), or why the command is refused. */
export type Decision = Either<Refusal, readonly FamilyEvent[]>;

/** A command that changes nothing succeeds with no events: the cheapest idempotency there is. */
export const NOTHING: Decision = right([]);

export interface FamilyDeciderDeps {
  readonly catalog: Catalog;
  /** How long a pending order holds its slots and credit (R6); PERISCOL_HOLD_MINUTES, default 60. */
  readonly holdMinutes: number;
  /**
   * The largest amount one command may carry: a goodwill credit, a refund, a reservation's
   * total. Above it: AMOUNT_OUT_OF_BOUNDS. Default `DEFAULT_MAX_AMOUNT_CENTS` (1,000,000 €).
   * A payment received above it is still recorded, as credit (money received is never lost).
   */
  readonly maxAmountCents?: number;
  /**
   * The largest credit (balance + credit held by pending orders) a goodwill credit or a parent's
   * cancellation may leave a family with; above it: AMOUNT_OUT_OF_BOUNDS. Default
   * `DEFAULT_MAX_BALANCE_CENTS` (1,000,000 €). Payments and closures credit even above it.
   */
  readonly maxBalanceCents?: number;
  /** R23: the places of the days this command touches, as read with their streams' revisions; absent: no day is limited. */
  readonly places?: PlacesView;
}

/**
 * R23: what the family decider asks of the places streams: which of these slots find no place
 * (in order: two children of one request may take the last two places, not three). `alive`
 * tells which of the family's orders still hold their days once the decision's expiries are
 * recorded: a place held for such an order is kept, one held for an order expired by this very
 * decision is given back first. The places decider grants the same holds, appended with the
 * expected revisions the view was read at (see ../../capacity).
 */
export interface PlacesView {
  unplaced(familyId: string, slots: readonly Slot[], alive: (orderId: string) => boolean): readonly Slot[];
}

export interface DecisionContext {
  readonly catalog: Catalog;
  /** The hold of a pending order (R6), in milliseconds. */
  readonly holdMs: number;
  readonly maxAmountCents: Cents;
  readonly maxBalanceCents: Cents;
  readonly places?: PlacesView;
}

/** The context of `deps`, with the defaults; a RangeError for a hold or a bound that makes no sense. */
export function decisionContextOf(deps: FamilyDeciderDeps): DecisionContext {
  const { catalog, holdMinutes } = deps;
  if (!Number.isFinite(holdMinutes) || holdMinutes <= 0) throw new RangeError(`holdMinutes must be positive, got ${holdMinutes}`);
  return {
    catalog,
    holdMs: holdMinutes * 60_000,
    maxAmountCents: boundOf('maxAmountCents', deps.maxAmountCents, DEFAULT_MAX_AMOUNT_CENTS),
    maxBalanceCents: boundOf('maxBalanceCents', deps.maxBalanceCents, DEFAULT_MAX_BALANCE_CENTS),
    ...(deps.places ? { places: deps.places } : {}),
  };
}

/** A configured bound: a whole number of cents from 1 to MAX_REPRESENTABLE_CENTS; RangeError otherwise. */
function boundOf(name: string, value: number | undefined, fallback: number): number {
  if (value === undefined) return fallback;
  if (!Number.isSafeInteger(value) || value < 1 || value > MAX_REPRESENTABLE_CENTS) {
    throw new RangeError(`${name} must be a whole number of cents from 1 to ${MAX_REPRESENTABLE_CENTS}, got ${value}`);
  }
  return value;
}
