/**
 * R22: what deciding an absence asks first — that the family declared it, and that it awaits a
 * decision. Decided once: accepted or refused, it stays so.
 */
import { right, type Either } from 'fp-ts/Either';
import type { AbsenceState, RegisteredFamilyState } from '../family.state';
import { refuse, type Refusal } from '../refusal';

export function pendingAbsenceOf(family: RegisteredFamilyState, absenceId: string): Either<Refusal, AbsenceState> {
  const absence = family.absences.get(absenceId);
  if (!absence) return refuse('UNKNOWN_ABSENCE', `This family has declared no absence ${absenceId}`);
  if (absence.status !== 'pending') {
    return refuse('ABSENCE_ALREADY_DECIDED', `Absence ${absenceId} was already ${absence.status}`, { status: absence.status });
  }
  return right(absence);
}
