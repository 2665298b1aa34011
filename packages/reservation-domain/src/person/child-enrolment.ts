/**
 * R2 and R17 — an agent enrols a new child in a registered family: the child joins activities
 * of the catalog (`EnrolChild`, family stream) and its identity is recorded (`RecordChildIdentity`,
 * person stream). Everything either stream would refuse is checked here first, so that an
 * enrolment is never recorded half-way: the family must be registered, its personal data kept
 * (nothing is recorded about an erased family) and its identity recorded; the activities must
 * exist; a child id already enrolled with other activities is CHILD_ALREADY_ENROLLED (the same
 * child and activities again changes nothing: a retried request).
 */
import { left, right, type Either } from 'fp-ts/Either';
import { getActivity } from '../catalog';
import type { Catalog } from '../catalog';
import { refuse, type EnrolChild, type FamilyState, type Refusal } from '../family';
import { sameKeySet } from '../family/internal/same-key-set';
import type { Instant } from '../shared';
import type { ChildIdentity, PersonState, RecordChildIdentity } from './person.decide';
import { personalDataErasedRefusal } from './quotient-familial-update';

export interface ChildEnrolmentInput extends ChildIdentity {
  readonly activityIds: readonly string[];
}

export interface ChildEnrolmentCommands {
  /** First, in the family stream. */
  readonly enrol: EnrolChild;
  /** Then, in the person stream. */
  readonly identity: RecordChildIdentity;
}

export function decideChildEnrolment(
  catalog: Catalog,
  family: FamilyState,
  person: PersonState | undefined,
  familyId: string,
  child: ChildEnrolmentInput,
  now: Instant,
): Either<Refusal, ChildEnrolmentCommands> {
  if (family.status !== 'registered') return refuse('FAMILY_NOT_REGISTERED', `Family ${familyId} is not registered`);
  if (family.erasedAt !== null) return left(personalDataErasedRefusal(familyId));
  if (!person || person.familyId === null) return refuse('PERSON_NOT_RECORDED', `The identity of family ${familyId} was never recorded`);
  const unknown = child.activityIds.filter((id) => !getActivity(catalog, id));
  if (unknown.length > 0) return refuse('UNKNOWN_ACTIVITY', `Unknown activity ${unknown.join(', ')}`, unknown);
  const enrolled = family.children.get(child.childId);
  if (enrolled && !sameKeySet(enrolled.activityIds, child.activityIds)) {
    return refuse('CHILD_ALREADY_ENROLLED', `Child ${child.childId} is already enrolled; change the enrolment instead`);
  }
  const { childId, firstName, lastName, school, grade, birthDate, activityIds } = child;
  const metadata = { now };
  return right({
    enrol: { type: 'EnrolChild', data: { childId, activityIds }, metadata },
    identity: { type: 'RecordChildIdentity', data: { childId, firstName, lastName, school, grade, ...(birthDate === undefined ? {} : { birthDate }) }, metadata },
  });
}
