import type Database from 'better-sqlite3';
import { projectorSpec, type SpecEvent } from '@periscol/event-store/testing';
import { FAMILY_EVENT_SCHEMA_VERSIONS, type PersonEvent } from '@periscol/reservation-domain';
import { familyStreamId, personStreamId } from '../streams/stream-names';
import { personsProjection, personsQueries } from './persons.read-model';

const inPersonStream = (familyId: string, { type, data }: PersonEvent): SpecEvent => ({ type, data, streamId: personStreamId(familyId) });
const identity = (familyId: string) =>
  inPersonStream(familyId, { type: 'FamilyIdentityRecorded', data: { familyId, name: `Famille ${familyId}`, email: `${familyId}@example.fr` } });
const child = (familyId: string, childId: string, firstName: string, school = 'École Jules Ferry') =>
  inPersonStream(familyId, { type: 'ChildIdentityRecorded', data: { childId, firstName, lastName: 'Martin', school, grade: 'CE1' } });
const quotient = (familyId: string, quotientFamilial: number | null, effectiveAt: string) =>
  inPersonStream(familyId, { type: 'QuotientFamilialUpdated', data: { familyId, quotientFamilial, effectiveAt } });
const erased = (familyId: string): SpecEvent => ({
  type: 'PersonalDataErased',
  data: { familyId, erasedAt: '2026-09-01T08:00:00.000Z', reason: 'retention period over' },
  streamId: familyStreamId(familyId),
  metadata: { schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS.PersonalDataErased },
});

/** The family's row as `byFamily` gives it, its JSON state read back. */
function person(db: Database.Database, familyId: string): Record<string, unknown> | undefined {
  const row = personsQueries(db).byFamily(familyId);
  return row && { revision: row.revision, ...(JSON.parse(row.state) as Record<string, unknown>) };
}
const children = (db: Database.Database) =>
  db.prepare('SELECT family_id AS familyId, child_id AS childId, first_name AS firstName, school FROM person_children ORDER BY family_id, child_id').all();

describe('persons read model', () => {
  it('records the identity and the children of each person stream, at the revision it reflects', async () => {
    await projectorSpec(personsProjection)
      .given([identity('f1'), child('f1', 'c1', 'Léa'), identity('f2')])
      .when([child('f1', 'c2', 'Hugo', 'École Pasteur')])
      .then((db) => {
        expect(person(db, 'f1')).toMatchObject({ revision: 2, familyId: 'f1', name: 'Famille f1', email: 'f1@example.fr' });
        expect(person(db, 'f1')?.['children']).toEqual([
          { childId: 'c1', firstName: 'Léa', lastName: 'Martin', school: 'École Jules Ferry', grade: 'CE1' },
          { childId: 'c2', firstName: 'Hugo', lastName: 'Martin', school: 'École Pasteur', grade: 'CE1' },
        ]);
        expect(person(db, 'f2')).toMatchObject({ revision: 0, familyId: 'f2', children: [] });
        expect(person(db, 'unknown')).toBeUndefined();
      });
  });

  it('a child recorded again is corrected, not duplicated', async () => {
    await projectorSpec(personsProjection)
      .given([identity('f1'), child('f1', 'c1', 'Léa')])
      .when([child('f1', 'c1', 'Léa', 'École Pasteur')])
      .then((db) => expect(children(db)).toEqual([{ familyId: 'f1', childId: 'c1', firstName: 'Léa', school: 'École Pasteur' }]));
  });

  it("gives each child's school by family, and the schools named once each whatever the spelling (R14); an erased family's no longer count", async () => {
    await projectorSpec(personsProjection)
      .given([identity('f1'), child('f1', 'c1', 'Léa'), child('f1', 'c2', 'Hugo', 'École Pasteur'), identity('f2'), child('f2', 'c3', 'Zoé', 'ecole  jules ferry')])
      .when([identity('f3'), child('f3', 'c4', 'Ali', 'Collège Zola'), erased('f3')])
      .then((db) => {
        expect(personsQueries(db).schoolsOfFamily('f1')).toEqual({ c1: 'École Jules Ferry', c2: 'École Pasteur' });
        expect(personsQueries(db).schoolsOfFamily('f3')).toEqual({});
        expect(personsQueries(db).schools()).toEqual(['École Jules Ferry', 'École Pasteur']);
      });
  });

  it('keeps the latest quotient familial and when it took effect (null: none known)', async () => {
    await projectorSpec(personsProjection)
      .given([identity('f1'), quotient('f1', 650, '2026-08-20T10:00:00.000Z')])
      .when([quotient('f1', null, '2026-09-02T10:00:00.000Z')])
      .then((db) => expect(person(db, 'f1')).toMatchObject({ revision: 2, quotientFamilial: null, quotientFamilialEffectiveAt: '2026-09-02T10:00:00.000Z' }));
  });

  it('PersonalDataErased (family stream) removes the person and its children; other families stay', async () => {
    await projectorSpec(personsProjection)
      .given([identity('f1'), child('f1', 'c1', 'Léa'), identity('f2'), child('f2', 'c9', 'Inès')])
      .when([erased('f1')])
      .then((db) => {
        expect(person(db, 'f1')).toBeUndefined();
        expect(person(db, 'f2')).toMatchObject({ familyId: 'f2' });
        expect(children(db)).toEqual([{ familyId: 'f2', childId: 'c9', firstName: 'Inès', school: 'École Jules Ferry' }]);
      });
  });

  it('a person event appended in the instant before the stream is deleted never brings the family back', async () => {
    const gone = (db: Database.Database) => {
      expect(person(db, 'f1')).toBeUndefined();
      expect(children(db)).toEqual([]);
    };
    // In the batch of the erasure…
    await projectorSpec(personsProjection)
      .given([identity('f1'), child('f1', 'c1', 'Léa'), erased('f1'), child('f1', 'c2', 'Hugo'), quotient('f1', 800, '2026-09-01T08:00:00.001Z')])
      .then(gone);
    // …or in a later one.
    await projectorSpec(personsProjection)
      .given([identity('f1'), child('f1', 'c1', 'Léa'), erased('f1')])
      .when([child('f1', 'c2', 'Hugo'), quotient('f1', 800, '2026-09-01T08:00:00.001Z')])
      .then(gone);
  });
});
