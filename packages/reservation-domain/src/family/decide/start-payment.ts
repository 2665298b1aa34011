/**
 * StartPayment — « Payer », R5 (docs/rules.md): a payment of exactly the amount due is started
 * on a pending order with something to pay; an order covered by credit is ACTION_NOT_ALLOWED
 * (« OK » is its one action), one no longer pending is ORDER_NOT_PENDING. The same start again
 * changes nothing; the payment id used for another order or provider is ID_CONFLICT.
 * When the town's file states its régie (R18), a start it does not allow is refused: a provider
 * none of its payment methods names (PAYMENT_METHOD_NOT_ACCEPTED), an order with an activity
 * outside its revenue types (REVENUE_TYPE_NOT_IN_REGIE). Only the start: money received is
 * always recorded (R7).
 */
import { isLeft, right } from 'fp-ts/Either';
import type { StartPayment } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { refuse } from '../refusal';
import { NOTHING, type Decision } from './decision-context';
import { pendingOrder } from './pending-order';
import { regieAcceptsProvider, revenueTypesOutside } from '../../regie/regie-arrete';
import type { DecisionContext } from './decision-context';

export function startPayment(command: StartPayment, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { orderId, paymentId, provider } = command.data;
  const payment = family.payments.get(paymentId);
  if (payment) {
    if (payment.orderId === orderId && payment.provider === provider) return NOTHING;
    return refuse('ID_CONFLICT', `Payment ${paymentId} already belongs to order ${payment.orderId}`);
  }
  const order = pendingOrder(family, orderId, epochMsOfInstant(command.metadata.now));
  if (isLeft(order)) return order;
  if (order.right.amountDueCents === 0) {
    return refuse('ACTION_NOT_ALLOWED', `Order ${orderId} is covered by credit: confirm it with « OK »`, { action: 'ok' });
  }
  const regie = context.catalog.regie;
  if (regie) {
    if (!regieAcceptsProvider(regie, provider)) {
      return refuse('PAYMENT_METHOD_NOT_ACCEPTED', `The régie's arrêté does not accept payments by ${provider}`, { provider, accepted: [...regie.paymentMethods] });
    }
    const outside = revenueTypesOutside(regie, order.right.lines.map((line) => line.activityId));
    if (outside.length > 0) {
      return refuse('REVENUE_TYPE_NOT_IN_REGIE', `The régie does not collect ${outside.join(', ')}`, { activityIds: outside });
    }
  }
  return right([
    {
      type: 'PaymentStarted',
      data: { orderId, paymentId, provider, amountCents: order.right.amountDueCents, startedAt: command.metadata.now },
    },
  ]);
}
