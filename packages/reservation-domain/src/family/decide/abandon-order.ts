/**
 * AbandonOrder — R6 (docs/rules.md): the parent gives up a pending order; it expires at once
 * (reason 'abandoned'), its slots are free and its held credit is back. Like « OK », decided on
 * the order's status alone: an order no longer awaiting confirmation is ORDER_NOT_PENDING.
 */
import { isLeft, right } from 'fp-ts/Either';
import type { AbandonOrder } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import type { Decision } from './decision-context';
import { pendingOrder } from './pending-order';

export function abandonOrder(command: AbandonOrder, family: RegisteredFamilyState): Decision {
  const order = pendingOrder(family, command.data.orderId, epochMsOfInstant(command.metadata.now));
  if (isLeft(order)) return order;
  return right([
    {
      type: 'ReservationExpired',
      data: {
        orderId: order.right.orderId,
        expiredAt: command.metadata.now,
        reason: 'abandoned',
        creditReleasedCents: order.right.creditAppliedCents,
      },
    },
  ]);
}
