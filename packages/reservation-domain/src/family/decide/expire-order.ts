/**
 * ExpireOrder — R6 (docs/rules.md): a pending order whose hold is over expires at its
 * `expiresAt` (reason 'timeout'), freeing its slots and returning the credit it held. Every
 * command that needs it expires lapsed holds itself, so this background command only tidies up.
 * Before `expiresAt` it is ORDER_NOT_EXPIRED; an order already expired changes nothing; a
 * confirmed one is ORDER_NOT_PENDING.
 */
import { right } from 'fp-ts/Either';
import type { ExpireOrder } from '../family.commands';
import { holdTimeoutOf, isHoldOver } from '../family.queries';
import type { RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { refuse } from '../refusal';
import { NOTHING, type Decision } from './decision-context';

export function expireOrder(command: ExpireOrder, family: RegisteredFamilyState): Decision {
  const order = family.orders.get(command.data.orderId);
  if (!order) return refuse('UNKNOWN_ORDER', `Unknown order ${command.data.orderId}`);
  if (order.status === 'expired') return NOTHING;
  if (order.status === 'confirmed') return refuse('ORDER_NOT_PENDING', `Order ${order.orderId} is confirmed`, { status: 'confirmed' });
  if (!isHoldOver(order, epochMsOfInstant(command.metadata.now))) {
    return refuse('ORDER_NOT_EXPIRED', `Order ${order.orderId} holds its slots until ${order.expiresAt}`, {
      expiresAt: order.expiresAt,
    });
  }
  return right([holdTimeoutOf(order)]);
}
