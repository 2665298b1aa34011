/**
 * ConfirmPayment — R7 (docs/rules.md), money received is never lost. A confirmed payment of
 * exactly the amount due confirms its pending order; an expired order is confirmed by a late
 * payment when every slot is still bookable and free and the credit it used is still there.
 * Any other payment — another amount, an order that cannot be confirmed any more — becomes a
 * credit in full. The same provider payment reported twice is applied once.
 *
 * A payment is recorded whenever it can be:
 * - an amount that is not a positive whole number of cents is AMOUNT_INVALID (no provider
 *   reports one: it is a caller's bug);
 * - an amount above MAX_REPRESENTABLE_CENTS (10^10 €, or beyond the safe integers) cannot be
 *   recorded exactly: refused AMOUNT_OUT_OF_BOUNDS, explicitly, so the caller keeps it for an
 *   agent (the API's unmatched-payments record) rather than rounding money;
 * - any other amount is recorded, even above the town's maxAmountCents or maxBalanceCents:
 *   those bounds keep agents' and parents' commands plausible, but refusing money already
 *   taken from a parent would lose it. Above maxAmountCents it cannot match an order's amount
 *   due (an order's total is bounded), so it becomes credit in full.
 */
import { right } from 'fp-ts/Either';
import type { Catalog } from '../../catalog';
import { MAX_REPRESENTABLE_CENTS, type Cents, type Instant } from '../../shared';
import type { ConfirmPayment } from '../family.commands';
import type { CreditIssued, PaidMethod, PaymentConfirmed, PaymentProvider, ReservationConfirmed } from '../family.events';
import { slotKeyOf, type OrderState, type RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { refuse } from '../refusal';
import { invalidAmount, isPositiveCents } from './amount-bounds';
import { confirmationInstant } from './confirmation-instant';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { withLapsedHoldsExpired } from './lapsed-holds';
import { additionalPaymentId, CREDIT_SUFFIX, isSameDelivery } from './payment-deliveries';
import { slotBookingProblem } from './slot-rules';

/** A payment received, as it is recorded. */
interface Receipt {
  readonly paymentId: string;
  /** The credit it becomes when it cannot confirm its order. */
  readonly creditId: string;
  readonly orderId: string;
  readonly provider: PaymentProvider;
  readonly amountCents: Cents;
  /** The provider's time of the payment. */
  readonly paidAt: Instant;
  readonly providerReference: string | undefined;
  readonly method: PaidMethod | undefined;
}

export function confirmPayment(command: ConfirmPayment, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { paymentId, orderId, provider, amountCents, providerReference, method } = command.data;
  if (!isPositiveCents(amountCents)) return invalidAmount(amountCents);
  if (amountCents > MAX_REPRESENTABLE_CENTS) {
    return refuse(
      'AMOUNT_OUT_OF_BOUNDS',
      `A payment of ${amountCents} cents cannot be recorded exactly (above ${MAX_REPRESENTABLE_CENTS} cents): keep it for an agent to settle with the provider`,
      { amountCents, maxRepresentableCents: MAX_REPRESENTABLE_CENTS },
    );
  }
  const nowMs = epochMsOfInstant(command.metadata.now);
  const paidAt = command.metadata.now;
  const known = family.payments.get(paymentId);
  if (known?.status === 'confirmed') {
    if (known.orderId !== orderId || known.provider !== provider) {
      return refuse('ID_CONFLICT', `Payment ${paymentId} was already confirmed for order ${known.orderId} with ${known.provider}`);
    }
    // The same delivery again (the provider retries): applied once.
    if (isSameDelivery(known, amountCents, providerReference)) return NOTHING;
    if (providerReference !== undefined && providerReference === known.providerReference) {
      return refuse('ID_CONFLICT', `Provider payment ${providerReference} was already recorded with ${known.amountCents} cents, not ${amountCents}`, {
        paymentId,
        amountCents: known.amountCents,
      });
    }
    // Another payment reported under a payment id already confirmed (another reference, or
    // another amount): money received is never dropped, it is recorded as a payment of its own.
    const additionalId = additionalPaymentId(paymentId, providerReference, amountCents);
    const additional = family.payments.get(additionalId);
    if (additional) {
      const sameAdditional =
        additional.status === 'confirmed' && additional.orderId === orderId && additional.provider === provider && additional.amountCents === amountCents;
      if (sameAdditional) return NOTHING;
      return refuse('ID_CONFLICT', `Payment ${additionalId} already exists with other content`);
    }
    const receipt = { paymentId: additionalId, creditId: `${additionalId}${CREDIT_SUFFIX}`, orderId, provider, amountCents, paidAt, providerReference, method };
    return settlePayment(context, family, nowMs, receipt);
  }
  if (known && (known.orderId !== orderId || known.provider !== provider)) {
    return refuse('ID_CONFLICT', `Payment ${paymentId} was started for order ${known.orderId} with ${known.provider}`);
  }
  const creditId = command.data.creditId ?? `${paymentId}${CREDIT_SUFFIX}`;
  return settlePayment(context, family, nowMs, { paymentId, creditId, orderId, provider, amountCents, paidAt, providerReference, method });
}

/** Records a payment received: it confirms its order (pending, or expired and still confirmable) or becomes credit in full. */
function settlePayment(context: DecisionContext, family: RegisteredFamilyState, nowMs: number, receipt: Receipt): Decision {
  const { catalog } = context;
  const { paymentId, creditId, orderId, provider, amountCents, paidAt, providerReference, method } = receipt;
  const paid = (outcome: PaymentConfirmed['data']['outcome']): PaymentConfirmed => ({
    type: 'PaymentConfirmed',
    data: {
      paymentId,
      orderId,
      provider,
      amountCents,
      paidAt,
      outcome,
      ...(providerReference === undefined ? {} : { providerReference }),
      ...(method === undefined ? {} : { method }),
    },
  });
  // Every lapsed hold first (R6): its slots may be the ones a late payment needs, its credit the one it takes again.
  const { expiries, working } = withLapsedHoldsExpired(family, nowMs);
  const order = working.orders.get(orderId);
  if (
    order !== undefined &&
    amountCents === order.amountDueCents &&
    (order.status === 'pending' || (order.status === 'expired' && lateConfirmable(catalog, working, order, nowMs) && placesLeftFor(context, working, order)))
  ) {
    const confirmed: ReservationConfirmed = {
      type: 'ReservationConfirmed',
      data: { orderId, confirmedAt: confirmationInstant(order, paidAt, nowMs), via: 'payment', paymentId },
    };
    return right(expiries.length === 0 ? [paid('order_confirmed'), confirmed] : [...expiries, paid('order_confirmed'), confirmed]);
  }
  // Money received is never lost: the whole payment becomes credit.
  if (working.credits.has(creditId)) return refuse('ID_CONFLICT', `Credit ${creditId} already exists`);
  const credit: CreditIssued = {
    type: 'CreditIssued',
    data: { creditId, familyId: family.familyId, amountCents, source: 'unapplied_payment', sourceId: paymentId, issuedAt: paidAt },
  };
  return right([...expiries, paid('credited'), credit]);
}

/** R23: a late payment takes its days' places again, if places are left. */
function placesLeftFor(context: DecisionContext, working: RegisteredFamilyState, order: OrderState): boolean {
  const alive = (orderId: string) => working.orders.get(orderId)?.status === 'pending' || working.orders.get(orderId)?.status === 'confirmed';
  return context.places === undefined || context.places.unplaced(working.familyId, order.lines, alive).length === 0;
}

/** An order whose hold is over may still be confirmed: every slot still bookable and free, and the credit it used still there. */
function lateConfirmable(catalog: Catalog, state: RegisteredFamilyState, order: OrderState, nowMs: number): boolean {
  if (state.balanceCents < order.creditAppliedCents) return false;
  return order.lines.every(
    (line) =>
      slotBookingProblem(catalog, state, line, nowMs) === null &&
      !state.slots.has(slotKeyOf(line.childId, line.activityId, line.date)),
  );
}
