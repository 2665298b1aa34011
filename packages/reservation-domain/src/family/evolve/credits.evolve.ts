/** How cancellations, credits, credit notes and refunds change the family's credit (R9, R10, R15). */
import type { Cents, Instant } from '../../shared';
import { sumParts, takeFromLots } from '../credit-lots';
import type { FamilyEventData } from '../family.events';
import { slotKeyOf, type CreditMovementKind, type FamilyState, type MovementList } from '../family.state';
import { appended, draftOf } from '../internal/state-draft';

/** The movements with one more at their head; unchanged for a movement of 0. */
export function movementOf(
  state: FamilyState,
  at: Instant,
  kind: CreditMovementKind,
  amountCents: number,
  sourceId: string,
  balanceAfterCents: Cents,
): MovementList | null {
  if (amountCents === 0) return state.movements;
  return { head: { at, kind, amountCents, sourceId, balanceAfterCents }, tail: state.movements };
}

export function reservationCancelled(state: FamilyState, data: FamilyEventData<'ReservationCancelled'>): FamilyState {
  const { cancellationId, lines, totalCents, cancelledAt, reason } = data;
  let slots = state.slots;
  for (const line of lines) slots = slots.delete(slotKeyOf(line.childId, line.activityId, line.date));
  const next = draftOf(state);
  next.slots = slots;
  next.cancellations = state.cancellations.set(cancellationId, {
    cancellationId,
    lines,
    totalCents,
    cancelledAt,
    reason,
    creditId: undefined,
    balanceAfterCents: state.balanceCents,
  });
  return next;
}

export function creditIssued(state: FamilyState, data: FamilyEventData<'CreditIssued'>): FamilyState {
  const { creditId, amountCents, source, sourceId, reason, issuedAt } = data;
  if (state.credits.has(creditId)) return state;
  const seq = state.creditSeq + 1;
  const balanceCents = state.balanceCents + amountCents;
  const next = draftOf(state);
  next.credits = state.credits.set(creditId, {
    creditId,
    seq,
    amountCents,
    source,
    sourceId,
    reason,
    issuedAt,
    creditNoteNumber: undefined,
    creditNoteIssuedAt: undefined,
  });
  if (amountCents > 0) next.openLots = appended(state.openLots, { creditId, seq, remainingCents: amountCents });
  next.balanceCents = balanceCents;
  next.creditSeq = seq;
  if (source === 'cancellation' || source === 'closure') {
    next.cancellations = state.cancellations.update(sourceId, (cancellation) => ({ ...cancellation, creditId, balanceAfterCents: balanceCents }));
  }
  next.movements = movementOf(state, issuedAt, source, amountCents, source === 'goodwill' ? creditId : sourceId, balanceCents);
  return next;
}

export function creditNoteIssued(state: FamilyState, data: FamilyEventData<'CreditNoteIssued'>): FamilyState {
  const { creditId, creditNoteNumber, issuedAt } = data;
  const next = draftOf(state);
  next.credits = state.credits.update(creditId, (credit) => ({ ...credit, creditNoteNumber, creditNoteIssuedAt: issuedAt }));
  return next;
}

export function creditRefunded(state: FamilyState, data: FamilyEventData<'CreditRefunded'>): FamilyState {
  const { refundId, amountCents, reference, refundedAt } = data;
  if (state.refunds.has(refundId)) return state;
  const { lots, parts } = takeFromLots(state.openLots, amountCents);
  const next = draftOf(state);
  next.refunds = state.refunds.set(refundId, { refundId, amountCents, reference, refundedAt });
  next.openLots = lots;
  next.balanceCents = state.balanceCents - sumParts(parts);
  next.movements = movementOf(state, refundedAt, 'refund', -amountCents, refundId, next.balanceCents);
  return next;
}
