import type Database from 'better-sqlite3';
import { projectorSpec, type SpecEvent } from '@periscol/event-store/testing';
import { FAMILY_EVENT_SCHEMA_VERSIONS, type PersonEvent } from '@periscol/reservation-domain';
import { familyStreamId, personStreamId } from '../streams/stream-names';
import { familySearchProjection, familySearchQueries, searchWords } from './family-search.read-model';

const inPersonStream = (familyId: string, { type, data }: PersonEvent): SpecEvent => ({ type, data, streamId: personStreamId(familyId) });
const identity = (familyId: string, name: string) => inPersonStream(familyId, { type: 'FamilyIdentityRecorded', data: { familyId, name, email: `${familyId}@exemple.fr` } });
const child = (familyId: string, childId: string, firstName: string, lastName: string, school: string, grade: string) =>
  inPersonStream(familyId, { type: 'ChildIdentityRecorded', data: { childId, firstName, lastName, school, grade } });
const erased = (familyId: string): SpecEvent => ({
  type: 'PersonalDataErased',
  data: { familyId, erasedAt: '2026-09-01T08:00:00.000Z', reason: 'retention period over' },
  streamId: familyStreamId(familyId),
  metadata: { schemaVersion: FAMILY_EVENT_SCHEMA_VERSIONS.PersonalDataErased },
});

const ids = (db: Database.Database, query: string, limit = 50) => familySearchQueries(db).search(query, limit).families.map((family) => family.familyId);

const given = [
  identity('f1', 'Claire Martin'),
  child('f1', 'c1', 'Léa', 'Martin', 'École Jules Ferry', 'CM1'),
  identity('f2', 'Hugo Bernard'),
  child('f2', 'c2', 'Inès', 'Bernard', 'École Pasteur', 'CE2'),
  identity('f3', 'Anaïs Martinez'),
  child('f3', 'c3', 'Noé', 'Martinez', 'École Jules Ferry', 'CE2'),
];

describe('family search read model', () => {
  it('splits words without case nor accents', () => {
    expect(searchWords("  École Jules-Ferry, CM1 d'Anaïs ")).toEqual(['ecole', 'jules', 'ferry', 'cm1', 'd', 'anais']);
  });

  it('finds families by the family name, a parent, a child, a school or a class; every word must match', async () => {
    await projectorSpec(familySearchProjection)
      .given(given)
      .when([])
      .then((db) => {
        expect(ids(db, 'martin')).toEqual(['f3', 'f1']); // prefix: Martin and Martinez, by name (« anais martinez » first)
        expect(ids(db, 'Inès')).toEqual(['f2']);
        expect(ids(db, 'ines bernard')).toEqual(['f2']);
        expect(ids(db, 'ecole jules')).toEqual(['f3', 'f1']);
        expect(ids(db, 'jules ferry ce2')).toEqual(['f3']);
        expect(ids(db, 'cm1')).toEqual(['f1']);
        expect(ids(db, 'noé martinez')).toEqual(['f3']);
        expect(ids(db, 'martin pasteur')).toEqual([]);
        expect(ids(db, '  ,;  ')).toEqual([]);
        expect(familySearchQueries(db).search('martin', 1)).toEqual({
          total: 2,
          families: [{ familyId: 'f3', name: 'Anaïs Martinez', email: 'f3@exemple.fr', children: [{ childId: 'c3', firstName: 'Noé', lastName: 'Martinez', school: 'École Jules Ferry', grade: 'CE2' }] }],
        });
      });
  });

  it('a child recorded again is corrected: the old words no longer find the family', async () => {
    await projectorSpec(familySearchProjection)
      .given(given)
      .when([child('f1', 'c1', 'Léa', 'Martin', 'École Pasteur', 'CM2')])
      .then((db) => {
        expect(ids(db, 'jules')).toEqual(['f3']);
        expect(ids(db, 'pasteur')).toEqual(['f1', 'f2']);
        expect(ids(db, 'cm2')).toEqual(['f1']);
      });
  });

  it('PersonalDataErased removes the family; a person event after it cannot bring it back', async () => {
    await projectorSpec(familySearchProjection)
      .given(given)
      .when([erased('f1'), child('f1', 'c9', 'Tom', 'Martin', 'École Pasteur', 'CP')])
      .then((db) => {
        expect(ids(db, 'martin')).toEqual(['f3']);
        expect(ids(db, 'tom')).toEqual([]);
        expect(db.prepare('SELECT COUNT(*) AS n FROM family_search_terms WHERE family_id = ?').get('f1')).toEqual({ n: 0 });
      });
  });
});
