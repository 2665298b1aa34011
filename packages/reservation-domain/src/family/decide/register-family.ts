/**
 * RegisterFamily — opens the family's financial stream with its id and whether it resides in the
 * town (R3: non-resident prices). The same registration again changes nothing; any other
 * registration of the stream is FAMILY_ALREADY_REGISTERED.
 */
import { right } from 'fp-ts/Either';
import type { RegisterFamily } from '../family.commands';
import type { FamilyState } from '../family.state';
import { refuse } from '../refusal';
import { NOTHING, type Decision } from './decision-context';

export function registerFamily(command: RegisterFamily, state: FamilyState): Decision {
  const { familyId, resident } = command.data;
  if (state.status === 'registered') {
    if (state.familyId === familyId && state.resident === resident) return NOTHING;
    return refuse('FAMILY_ALREADY_REGISTERED', `Family ${state.familyId} is already registered`);
  }
  return right([{ type: 'FamilyRegistered', data: { familyId, resident, registeredAt: command.metadata.now } }]);
}
