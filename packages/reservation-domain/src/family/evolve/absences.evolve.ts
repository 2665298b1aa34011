/**
 * How absences with proof change the family's records (R22). An absence moves no money itself:
 * an accepted one's credit comes with the `ReservationCancelled` and `CreditIssued` its
 * acceptance appends (./credits.evolve).
 */
import type { FamilyEventData } from '../family.events';
import type { AbsenceState, FamilyState } from '../family.state';
import { draftOf } from '../internal/state-draft';

export function absenceDeclared(state: FamilyState, data: FamilyEventData<'AbsenceDeclared'>): FamilyState {
  const { absenceId, childId, activityId, date, orderId, unitPriceCents, proof, declaredAt } = data;
  if (state.absences.has(absenceId)) return state;
  const next = draftOf(state);
  next.absences = state.absences.set(absenceId, { absenceId, childId, activityId, date, orderId, unitPriceCents, proof, declaredAt, status: 'pending' });
  return next;
}

export function absenceAccepted(state: FamilyState, data: FamilyEventData<'AbsenceAccepted'>): FamilyState {
  const { acceptedBy, acceptedAt, creditCents, cancellationId, creditId } = data;
  return decided(state, data.absenceId, {
    status: 'accepted',
    decidedBy: acceptedBy,
    decidedAt: acceptedAt,
    creditCents,
    ...(cancellationId === undefined ? {} : { cancellationId }),
    ...(creditId === undefined ? {} : { creditId }),
  });
}

export function absenceRefused(state: FamilyState, data: FamilyEventData<'AbsenceRefused'>): FamilyState {
  return decided(state, data.absenceId, { status: 'refused', decidedBy: data.refusedBy, decidedAt: data.refusedAt, refusalReason: data.reason });
}

function decided(state: FamilyState, absenceId: string, decision: Partial<AbsenceState>): FamilyState {
  const absence = state.absences.get(absenceId);
  if (!absence || absence.status !== 'pending') return state;
  const next = draftOf(state);
  next.absences = state.absences.set(absenceId, { ...absence, ...decision });
  return next;
}
