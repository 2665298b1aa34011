/**
 * AcceptAbsence — R22, R9, R10 (docs/rules.md): an agent accepts a declared absence. Under the
 * town's usual rule the day is then cancelled and credited at the price it was reserved at, in
 * the same decision and with the same events as a parent's cancellation (`ReservationCancelled`,
 * `CreditIssued`, numbered as a credit note like any credit): the ledger (R11) and the credit lots
 * see a cancellation. A town that credits nothing records the absence as excused only. The day
 * must still be held by the order that reserved it (a day closed since was credited by its
 * closure: NOT_RESERVED, the agent refuses the absence instead); the credit obeys
 * maxBalanceCents like a cancellation's. The same acceptance again changes nothing; an absence
 * refused is ABSENCE_ALREADY_DECIDED.
 */
import { right } from 'fp-ts/Either';
import type { AcceptAbsence } from '../family.commands';
import type { FamilyEvent } from '../family.events';
import { holdingStatus } from '../family.queries';
import { slotKeyOf, type RegisteredFamilyState } from '../family.state';
import { epochMsOfInstant } from '../internal/instant-format';
import { refuse } from '../refusal';
import { pendingAbsenceOf } from './absence-rules';
import { creditAboveMax } from './amount-bounds';
import { cancellationEvents } from './cancellation-events';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { withLapsedHoldsExpired } from './lapsed-holds';

export function acceptAbsence(command: AcceptAbsence, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { absenceId, acceptedBy, cancellationId, creditId } = command.data;
  if (family.absences.get(absenceId)?.status === 'accepted') return NOTHING;
  const pending = pendingAbsenceOf(family, absenceId);
  if (pending._tag === 'Left') return pending;
  const absence = pending.right;
  const now = command.metadata.now;
  const accepted = (creditCents: number): FamilyEvent => ({
    type: 'AbsenceAccepted',
    data: {
      absenceId,
      familyId: family.familyId,
      creditCents,
      ...(creditCents > 0 ? { cancellationId, creditId } : {}),
      acceptedBy,
      acceptedAt: now,
    },
  });
  // The rule in force when deciding; a town that dropped its rule since still credits as usual.
  if (context.catalog.absences?.credit === 'none') return right([accepted(0)]);

  const key = slotKeyOf(absence.childId, absence.activityId, absence.date);
  const holding = family.slots.get(key);
  if (!holding || holding.orderId !== absence.orderId || holdingStatus(family, holding) !== 'reserved') {
    return refuse('NOT_RESERVED', `${key} is no longer reserved by order ${absence.orderId}: refuse the absence instead`);
  }
  if (family.cancellations.has(cancellationId)) return refuse('ID_CONFLICT', `Cancellation ${cancellationId} already exists`);
  if (family.credits.has(creditId)) return refuse('ID_CONFLICT', `Credit ${creditId} already exists`);
  const { expiries, working } = withLapsedHoldsExpired(family, epochMsOfInstant(now));
  const creditCents = holding.unitPriceCents;
  const tooMuch = creditAboveMax(context, working, creditCents, 'This absence');
  if (tooMuch) return tooMuch;
  const line = { childId: absence.childId, activityId: absence.activityId, date: absence.date, orderId: holding.orderId, creditCents };
  const events = cancellationEvents(family.familyId, cancellationId, creditId, [line], creditCents, now, 'parent');
  return right([...expiries, accepted(creditCents), ...events]);
}
