/**
 * ChangeEnrolment — R2 (docs/rules.md): a child of the family changes activities, among those
 * the catalog knows. The same activities change nothing. Days already reserved stay reserved.
 */
import { right } from 'fp-ts/Either';
import type { ChangeEnrolment } from '../family.commands';
import type { RegisteredFamilyState } from '../family.state';
import { sameKeySet } from '../internal/same-key-set';
import { refuse } from '../refusal';
import { NOTHING, type Decision, type DecisionContext } from './decision-context';
import { unknownActivities } from './enrolment-rules';

export function changeEnrolment(command: ChangeEnrolment, family: RegisteredFamilyState, context: DecisionContext): Decision {
  const { childId, activityIds } = command.data;
  const child = family.children.get(childId);
  if (!child) return refuse('UNKNOWN_CHILD', `Child ${childId} is not a child of this family`);
  const unknown = unknownActivities(context.catalog, activityIds);
  if (unknown) return unknown;
  if (sameKeySet(child.activityIds, activityIds)) return NOTHING;
  return right([
    { type: 'ChildEnrolmentChanged', data: { familyId: family.familyId, childId, activityIds, changedAt: command.metadata.now } },
  ]);
}
