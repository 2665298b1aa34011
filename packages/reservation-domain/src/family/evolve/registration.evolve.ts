/** How registration, enrolments and the erasure of personal data change the family's state. */
import type { FamilyEventData } from '../family.events';
import type { FamilyState } from '../family.state';
import { draftOf, registeredFrom } from '../internal/state-draft';

export function familyRegistered(state: FamilyState, data: FamilyEventData<'FamilyRegistered'>): FamilyState {
  const erasedAt = state.status === 'registered' ? state.erasedAt : null;
  return registeredFrom(state, data.familyId, data.resident, data.registeredAt, erasedAt);
}

export function childEnrolled(state: FamilyState, data: FamilyEventData<'ChildEnrolled'>): FamilyState {
  const { childId, activityIds, rank, enrolledAt } = data;
  const next = draftOf(state);
  next.children = state.children.set(childId, { childId, activityIds, rank, enrolledAt });
  return next;
}

export function childEnrolmentChanged(state: FamilyState, data: FamilyEventData<'ChildEnrolmentChanged'>): FamilyState {
  const { childId, activityIds } = data;
  const next = draftOf(state);
  next.children = state.children.update(childId, (child) => ({
    childId: child.childId,
    activityIds,
    rank: child.rank,
    enrolledAt: child.enrolledAt,
  }));
  return next;
}

export function personalDataErased(state: FamilyState, data: FamilyEventData<'PersonalDataErased'>): FamilyState {
  if (state.status !== 'registered') return state;
  const next = draftOf(state);
  next.erasedAt = data.erasedAt;
  return next;
}
