/**
 * CancelReservation — R9, R6, R10 (docs/rules.md). A cancellation is non-empty, names no slot
 * twice, and each slot is reserved (confirmed) by this family, before its cancellation
 * deadline. A pending slot cannot be cancelled (SLOT_PENDING: the order is abandoned instead);
 * a slot whose hold is over is free, so NOT_RESERVED. Each slot is credited at the unit price at
 * which it was reserved, in one credit, applied automatically to the next reservation (R10);
 * a parent's cancellation may not take the family's credit above maxBalanceCents.
 * The same cancellation again changes nothing; its id or its credit id reused is ID_CONFLICT.
 */
import { getActivity } from '../../catalog';
import { isLeft, right } from 'fp-ts/Either';
import type { CancelReservation } from '../family.commands';
import type { CancellationLine } from '../family.events';
import { holdingStatus } from '../family.queries';
import { slotKeyOf, type RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { sameKeySet } from '../internal/same-key-set';
import { refuse } from '../refusal';
import { creditAboveMax } from './amount-bounds';
import { cancellationEvents } from './cancellation-events';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { withLapsedHoldsExpired } from './lapsed-holds';
import { cancellationOpen, distinctSlotKeys, refuseSlots, slotProblem, type SlotProblem } from './slot-rules';

export function cancelReservation(command: CancelReservation, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { catalog } = context;
  const { cancellationId, creditId, slots } = command.data;
  const keys = distinctSlotKeys(slots);
  if (isLeft(keys)) return keys;
  const existing = family.cancellations.get(cancellationId);
  if (existing) {
    const existingKeys = existing.lines.map((line) => slotKeyOf(line.childId, line.activityId, line.date));
    if (existing.reason === 'parent' && sameKeySet(existingKeys, keys.right)) return NOTHING;
    return refuse('ID_CONFLICT', `Cancellation ${cancellationId} already exists with other slots`);
  }
  if (family.credits.has(creditId)) return refuse('ID_CONFLICT', `Credit ${creditId} already exists`);

  const nowMs = epochMsOfInstant(command.metadata.now);
  // A day whose pending hold is over is free, not pending (R6); the credit it held is back.
  const { expiries, working } = withLapsedHoldsExpired(family, nowMs);
  const problems: SlotProblem[] = [];
  const lines: CancellationLine[] = [];
  let totalCents = 0;
  for (let i = 0; i < slots.length; i++) {
    const slot = slots[i];
    const holding = working.slots.get(keys.right[i]);
    if (!working.children.has(slot.childId)) {
      problems.push(slotProblem(slot, 'UNKNOWN_CHILD', `Child ${slot.childId} is not a child of this family`));
    } else if (!holding) {
      problems.push(slotProblem(slot, 'NOT_RESERVED', `${keys.right[i]} is not reserved`));
    } else if (holdingStatus(working, holding) === 'pending') {
      problems.push(
        slotProblem(slot, 'SLOT_PENDING', `${keys.right[i]} awaits the confirmation of order ${holding.orderId}: abandon it instead`),
      );
    } else if (!getActivity(catalog, slot.activityId)) {
      problems.push(slotProblem(slot, 'UNKNOWN_ACTIVITY', `Unknown activity ${slot.activityId}`));
    } else if (!cancellationOpen(catalog, slot, nowMs)) {
      problems.push(slotProblem(slot, 'DEADLINE_PASSED', `The cancellation deadline of ${slot.activityId} on ${slot.date} has passed`));
    } else {
      lines.push({
        childId: slot.childId,
        activityId: slot.activityId,
        date: slot.date,
        orderId: holding.orderId,
        creditCents: holding.unitPriceCents,
      });
      totalCents += holding.unitPriceCents;
    }
  }
  if (problems.length > 0) return refuseSlots(problems);
  const tooMuch = creditAboveMax(context, working, totalCents, 'This cancellation');
  if (tooMuch) return tooMuch;
  const events = cancellationEvents(family.familyId, cancellationId, creditId, lines, totalCents, command.metadata.now, 'parent');
  return right(expiries.length === 0 ? events : [...expiries, ...events]);
}
