import { isLeft, isRight } from 'fp-ts/Either';
import { demoCatalog } from '../catalog';
import { foldFamily, type FamilyEvent } from '../family';
import { base, now } from '../family/decide/family-decider.fixture';
import { decideChildEnrolment } from './child-enrolment';
import { evolvePerson, initialPersonState, type PersonState } from './person.decide';

const person: PersonState = evolvePerson(initialPersonState(), { type: 'FamilyIdentityRecorded', data: { familyId: 'fam-1', name: 'Claire Martin', email: 'claire@exemple.fr' } });
const hugo = { childId: 'c2', firstName: 'Hugo', lastName: 'Martin', school: 'École Pasteur', grade: 'CP', activityIds: ['restauration'] };
const erased: FamilyEvent = { type: 'PersonalDataErased', data: { familyId: 'fam-1', erasedAt: now, reason: 'Fin de la durée de conservation' } };
const decide = (events: FamilyEvent[], child = hugo, who: PersonState | null = person) => decideChildEnrolment(demoCatalog, foldFamily(events), who ?? undefined, 'fam-1', child, now);
const codeOf = (decision: ReturnType<typeof decideChildEnrolment>) => (isLeft(decision) ? decision.left.code : 'accepted');

describe('enrolling a child in a registered family (R2, R17)', () => {
  it('gives the family command, then the person command, both dated now', () => {
    const decision = decide(base);
    expect(isRight(decision) && decision.right).toEqual({
      enrol: { type: 'EnrolChild', data: { childId: 'c2', activityIds: ['restauration'] }, metadata: { now } },
      identity: { type: 'RecordChildIdentity', data: { childId: 'c2', firstName: 'Hugo', lastName: 'Martin', school: 'École Pasteur', grade: 'CP' }, metadata: { now } },
    });
  });

  it('accepts the same child with the same activities again (a retried request)', () => {
    expect(codeOf(decide(base, { ...hugo, childId: 'c1', activityIds: ['restauration', 'accueil-soir', 'mercredi'] }))).toBe('accepted');
  });

  it.each([
    ['a family not registered', [] as FamilyEvent[], hugo, person, 'FAMILY_NOT_REGISTERED'],
    ['a family whose personal data was erased', [...base, erased], hugo, person, 'PERSONAL_DATA_ERASED'],
    ['a family whose identity was never recorded', base, hugo, null, 'PERSON_NOT_RECORDED'],
    ['an activity the catalog does not know', base, { ...hugo, activityIds: ['piscine'] }, person, 'UNKNOWN_ACTIVITY'],
    ['a child already enrolled in other activities', base, { ...hugo, childId: 'c1' }, person, 'CHILD_ALREADY_ENROLLED'],
  ])('refuses %s', (_, events, child, who, code) => {
    expect(codeOf(decide(events, child, who))).toBe(code);
  });
});
