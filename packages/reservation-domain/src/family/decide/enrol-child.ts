/**
 * EnrolChild — R2, R3 (docs/rules.md): a child joins the family in activities of the catalog,
 * with its sibling rank (1-based, in enrolment order) for sibling reductions. Enrolling the same
 * child with the same activities changes nothing; with others it is CHILD_ALREADY_ENROLLED
 * (ChangeEnrolment is the way).
 */
import { right } from 'fp-ts/Either';
import type { EnrolChild } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { sameKeySet } from '../internal/same-key-set';
import { refuse } from '../refusal';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { unknownActivities } from './enrolment-rules';

export function enrolChild(command: EnrolChild, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { childId, activityIds } = command.data;
  const unknown = unknownActivities(context.catalog, activityIds);
  if (unknown) return unknown;
  const child = family.children.get(childId);
  if (child) {
    if (sameKeySet(child.activityIds, activityIds)) return NOTHING;
    return refuse('CHILD_ALREADY_ENROLLED', `Child ${childId} is already enrolled; change the enrolment instead`);
  }
  return right([
    {
      type: 'ChildEnrolled',
      data: { familyId: family.familyId, childId, activityIds, rank: family.children.size + 1, enrolledAt: command.metadata.now },
    },
  ]);
}
