import * as E from 'fp-ts/Either';
import type { Catalog } from '../catalog';
import type { Cents, Instant } from '../shared';
import {
  createFamilyDecider,
  foldFamily,
  type CancellationLine,
  type FamilyDecider,
  type FamilyDeciderDeps,
  type FamilyState,
  type Pricing,
  type Refusal,
  type ReservationLine,
  type Slot,
} from '../family';

export interface QuoteView {
  readonly reservation: {
    readonly lines: readonly ReservationLine[];
    readonly totalCents: Cents;
    readonly creditAppliedCents: Cents;
    readonly amountDueCents: Cents;
  };
  readonly cancellation: { readonly lines: readonly CancellationLine[]; readonly totalCents: Cents };
}

export interface QuoteRequest {
  readonly reserve: readonly Slot[];
  readonly cancel: readonly Slot[];
  readonly pricing: Pricing;
  readonly now: Instant;
}

/** The town's bounds, as given to its `createFamilyDecider`, so a quote refuses what submitting would. */
export type QuoteOptions = Pick<FamilyDeciderDeps, 'maxAmountCents' | 'maxBalanceCents'>;

const deciders = new WeakMap<Catalog, Map<string, FamilyDecider>>();

function deciderFor(catalog: Catalog, options: QuoteOptions): FamilyDecider {
  let byBounds = deciders.get(catalog);
  if (!byBounds) deciders.set(catalog, (byBounds = new Map()));
  const key = `${options.maxAmountCents ?? ''}|${options.maxBalanceCents ?? ''}`;
  let decider = byBounds.get(key);
  if (!decider) {
    const { maxAmountCents, maxBalanceCents } = options;
    decider = createFamilyDecider({ catalog, holdMinutes: 60, ...(maxAmountCents === undefined ? {} : { maxAmountCents }), ...(maxBalanceCents === undefined ? {} : { maxBalanceCents }) });
    byBounds.set(key, decider);
  }
  return decider;
}

function unusedId(prefix: string, used: (id: string) => boolean): string {
  let id = prefix;
  for (let n = 1; used(id); n++) id = `${prefix}-${n}`;
  return id;
}

/**
 * What submitting would do, appending nothing (docs/http.md quote): the same decisions, refusals
 * included, as `CancelReservation` then `RequestReservation` — so the credit a cancellation
 * gives is already applied to the reservation, as when the portal submits both in that order.
 * An empty list quotes zero rather than refusing EMPTY_REQUEST.
 */
export function quote(catalog: Catalog, state: FamilyState, request: QuoteRequest, options: QuoteOptions = {}): E.Either<Refusal, QuoteView> {
  const decider = deciderFor(catalog, options);
  const metadata = { now: request.now };
  let working = state;
  let cancellation: QuoteView['cancellation'] = { lines: [], totalCents: 0 };
  if (request.cancel.length > 0) {
    const decided = decider.decide(
      {
        type: 'CancelReservation',
        data: {
          cancellationId: unusedId('quote-cancellation', (id) => state.cancellations.has(id)),
          creditId: unusedId('quote-credit', (id) => state.credits.has(id)),
          slots: request.cancel,
        },
        metadata,
      },
      working,
    );
    if (E.isLeft(decided)) return decided;
    for (const event of decided.right) {
      if (event.type === 'ReservationCancelled') cancellation = { lines: event.data.lines, totalCents: event.data.totalCents };
    }
    working = foldFamily(decided.right, working);
  }
  let reservation: QuoteView['reservation'] = { lines: [], totalCents: 0, creditAppliedCents: 0, amountDueCents: 0 };
  if (request.reserve.length > 0) {
    const decided = decider.decide(
      {
        type: 'RequestReservation',
        data: { orderId: unusedId('quote-order', (id) => state.orders.has(id)), slots: request.reserve, pricing: request.pricing },
        metadata,
      },
      working,
    );
    if (E.isLeft(decided)) return decided;
    for (const event of decided.right) {
      if (event.type === 'ReservationRequested') {
        const { lines, totalCents, creditAppliedCents, amountDueCents } = event.data;
        reservation = { lines, totalCents, creditAppliedCents, amountDueCents };
      }
    }
  }
  return E.right({ reservation, cancellation });
}
