/**
 * R5 and R6 (docs/rules.md): « OK », a payment start and an abandon act on an order still
 * awaiting confirmation. Once it left that state — confirmed, abandoned, expired, or past its
 * hold even if not recorded yet — they are refused ORDER_NOT_PENDING, whichever way it left.
 */
import { right, type Either } from 'fp-ts/Either';
import type { FamilyRecords, OrderState } from '../family.state';
import { isHoldOver } from '../family.queries';
import { refuse, type Refusal } from '../refusal';

export function pendingOrder(state: FamilyRecords, orderId: string, nowMs: number): Either<Refusal, OrderState> {
  const order = state.orders.get(orderId);
  if (!order) return refuse('UNKNOWN_ORDER', `Unknown order ${orderId}`);
  if (order.status !== 'pending') return refuse('ORDER_NOT_PENDING', `Order ${orderId} is ${order.status}`, { status: order.status });
  if (isHoldOver(order, nowMs)) {
    return refuse('ORDER_NOT_PENDING', `Order ${orderId} expired at ${order.expiresAt}`, {
      status: 'expired',
      expiresAt: order.expiresAt,
    });
  }
  return right(order);
}
