/**
 * ConfirmWithCredit — « OK », R5 (docs/rules.md): a pending order whose credit covers the whole
 * amount (amountDue = 0) is confirmed without payment; one with something to pay is
 * ACTION_NOT_ALLOWED (« Payer » is its one action). Decided on the order's status alone: once it
 * left awaiting confirmation — confirmed, abandoned, expired, or past its hold (R6) — « OK » is
 * ORDER_NOT_PENDING, whichever path it left by and whether the request raced the one that won
 * (the command loop decides the loser again on the new state) or came later. A retry of the very
 * same request is recognised by its idempotency key before deciding, not here.
 */
import { isLeft, right } from 'fp-ts/Either';
import type { ConfirmWithCredit } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { refuse } from '../refusal';
import { confirmationInstant } from './confirmation-instant';
import type { Decision } from './decision-context';
import { pendingOrder } from './pending-order';

export function confirmWithCredit(command: ConfirmWithCredit, family: RegisteredFamilyState): Decision {
  const nowMs = epochMsOfInstant(command.metadata.now);
  const order = pendingOrder(family, command.data.orderId, nowMs);
  if (isLeft(order)) return order;
  if (order.right.amountDueCents > 0) {
    return refuse('ACTION_NOT_ALLOWED', `Order ${order.right.orderId} has ${order.right.amountDueCents} cents to pay: pay it`, {
      action: 'pay',
    });
  }
  const confirmedAt = confirmationInstant(order.right, command.metadata.now, nowMs);
  return right([{ type: 'ReservationConfirmed', data: { orderId: order.right.orderId, confirmedAt, via: 'credit' } }]);
}
