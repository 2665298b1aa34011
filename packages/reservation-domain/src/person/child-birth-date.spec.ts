import * as E from 'fp-ts/Either';
import { decodePersonEvent, PERSON_EVENT_SCHEMA_VERSIONS } from './person.events';
import { decidePerson, foldPerson, type PersonState } from './person.decide';

const now = '2026-09-01T08:00:00.000Z';
const identity = { childId: 'c1', firstName: 'Léa', lastName: 'Dupré', school: 'École Jules-Ferry', grade: 'MS' };
const family = foldPerson([{ type: 'FamilyIdentityRecorded', data: { familyId: 'f1', name: 'Famille Dupré', email: 'd@example.org' } }]);

function run(state: PersonState, data: Record<string, unknown>): { state: PersonState; types: string[] } {
  const decided = decidePerson({ type: 'RecordChildIdentity', data: data as never, metadata: { now } }, state);
  if (E.isLeft(decided)) throw new Error(decided.left.message);
  return { state: foldPerson(decided.right, state), types: decided.right.map((event) => event.type) };
}

describe('a child’s birth date (ChildIdentityRecorded v2, R21)', () => {
  it('is written in v2 and read back; a v1 event reads as a child without one', () => {
    expect(PERSON_EVENT_SCHEMA_VERSIONS.ChildIdentityRecorded).toBe(2);
    const v2 = decodePersonEvent({ type: 'ChildIdentityRecorded', data: { ...identity, birthDate: '2021-05-10' }, schemaVersion: 2 });
    expect(E.isRight(v2) && v2.right.type === 'ChildIdentityRecorded' && v2.right.data.birthDate).toBe('2021-05-10');
    const v1 = decodePersonEvent({ type: 'ChildIdentityRecorded', data: identity, schemaVersion: 1 });
    expect(E.isRight(v1) && v1.right.type === 'ChildIdentityRecorded' && v1.right.data.birthDate).toBeUndefined();
  });

  it('refuses a date that does not exist', () => {
    const decided = decidePerson({ type: 'RecordChildIdentity', data: { ...identity, birthDate: '2021-02-30' }, metadata: { now } }, family);
    expect(E.isLeft(decided) && decided.left.code).toBe('INVALID_COMMAND');
  });

  it('is kept by a correction that does not name it, and changed by one that does', () => {
    const recorded = run(family, { ...identity, birthDate: '2021-05-10' });
    expect(recorded.state.children.get('c1')?.birthDate).toBe('2021-05-10');
    expect(run(recorded.state, { ...identity, birthDate: '2021-05-10' }).types).toEqual([]);
    expect(run(recorded.state, identity).types).toEqual([]);
    const moved = run(recorded.state, { ...identity, grade: 'GS' });
    expect(moved.state.children.get('c1')).toMatchObject({ grade: 'GS', birthDate: '2021-05-10' });
    expect(run(recorded.state, { ...identity, birthDate: '2021-06-01' }).state.children.get('c1')?.birthDate).toBe('2021-06-01');
  });
});
