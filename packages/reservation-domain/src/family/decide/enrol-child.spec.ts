import { familyCommand as cmd } from '../../testing';
import { base, F, now, registered, spec } from './family-decider.fixture';

describe('EnrolChild', () => {
  it('enrols children with their sibling rank in enrolment order', () => {
    spec.given([registered]).when(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now)).then([
      { type: 'ChildEnrolled', data: { familyId: F, childId: 'c1', activityIds: ['restauration'], rank: 1, enrolledAt: now } },
    ]);
    spec.given(base).when(cmd('EnrolChild', { childId: 'c2', activityIds: ['mercredi'] }, now)).then([
      { type: 'ChildEnrolled', data: { familyId: F, childId: 'c2', activityIds: ['mercredi'], rank: 2, enrolledAt: now } },
    ]);
  });

  it('enrolling the same child with the same activities changes nothing; with others is CHILD_ALREADY_ENROLLED', () => {
    spec
      .given(base)
      .when(cmd('EnrolChild', { childId: 'c1', activityIds: ['mercredi', 'restauration', 'accueil-soir'] }, now))
      .thenNothingHappened();
    spec.given(base).when(cmd('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, now)).thenFails('CHILD_ALREADY_ENROLLED');
  });

  it('refuses UNKNOWN_ACTIVITY for an activity the catalog does not know', () => {
    spec.given(base).when(cmd('EnrolChild', { childId: 'c2', activityIds: ['piscine'] }, now)).thenFails('UNKNOWN_ACTIVITY', (failure) =>
      expect(failure.details).toEqual(['piscine']),
    );
  });
});
