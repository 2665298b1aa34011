import { familyCommand as cmd } from '../../testing';
import { base, F, now, spec } from './family-decider.fixture';

describe('ChangeEnrolment', () => {
  it('changes the activities of a child of the family; the same activities change nothing', () => {
    spec.given(base).when(cmd('ChangeEnrolment', { childId: 'c1', activityIds: ['restauration'] }, now)).then([
      { type: 'ChildEnrolmentChanged', data: { familyId: F, childId: 'c1', activityIds: ['restauration'], changedAt: now } },
    ]);
    spec
      .given(base)
      .when(cmd('ChangeEnrolment', { childId: 'c1', activityIds: ['accueil-soir', 'mercredi', 'restauration'] }, now))
      .thenNothingHappened();
  });

  it('refuses UNKNOWN_CHILD and UNKNOWN_ACTIVITY', () => {
    spec.given(base).when(cmd('ChangeEnrolment', { childId: 'c9', activityIds: ['restauration'] }, now)).thenFails('UNKNOWN_CHILD');
    spec.given(base).when(cmd('ChangeEnrolment', { childId: 'c1', activityIds: ['piscine'] }, now)).thenFails('UNKNOWN_ACTIVITY');
  });
});
