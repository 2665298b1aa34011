/**
 * RefuseAbsence — R22 (docs/rules.md): an agent refuses a declared absence, with a reason (no
 * health data: the reason stays in the history, the proof does not); the day stays paid and the
 * parent may declare it again, within the grace, with another proof. The same refusal again
 * changes nothing; an absence accepted, or refused for another reason, is ABSENCE_ALREADY_DECIDED.
 */
import { right } from 'fp-ts/Either';
import type { RefuseAbsence } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { pendingAbsenceOf } from './absence-rules';
import { NOTHING, type Decision } from './decision-context';

export function refuseAbsence(command: RefuseAbsence, family: RegisteredFamilyState): Decision {
  const { absenceId, refusedBy, reason } = command.data;
  const absence = family.absences.get(absenceId);
  if (absence?.status === 'refused' && absence.refusalReason === reason) return NOTHING;
  const pending = pendingAbsenceOf(family, absenceId);
  if (pending._tag === 'Left') return pending;
  return right([{ type: 'AbsenceRefused', data: { absenceId, familyId: family.familyId, reason, refusedBy, refusedAt: command.metadata.now } }]);
}
