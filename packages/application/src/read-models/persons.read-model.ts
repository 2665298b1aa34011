import type { StoredEvent } from '@periscol/event-store';
import { evolvePerson, initialPersonState, schoolKey } from '@periscol/reservation-domain';
import type { PersonState } from '@periscol/reservation-domain';
import { FAMILY_STREAM_PREFIX, familyIdOfStream, PERSON_STREAM_PREFIX } from '../streams/stream-names';
import { personEventAt } from '../events/event-decoding';
import { personStateFromJson, personStateToJson } from '../snapshots/person-state.serializer';
import { dropTables, preparedFor, ReadModelProjection } from './read-model';

/**
 * (b) Identity and QF per family (R17): one row per person stream, its children in
 * `person_children` for joins (attendance). `PersonalDataErased` in the family stream removes
 * both and marks the family in `persons_erased`, so that a person event appended in the instant
 * before the stream's deletion cannot bring a row back; a deleted person stream never comes
 * back on a rebuild (its events are gone).
 */
const TABLES = ['persons', 'person_children', 'persons_erased'] as const;

const statements = preparedFor((db) => ({
  select: db.prepare<[string], { revision: number; state: string }>('SELECT revision, state FROM persons WHERE family_id = ?'),
  upsert: db.prepare<[string, number, string]>(
    'INSERT INTO persons (family_id, revision, state) VALUES (?, ?, ?) ON CONFLICT (family_id) DO UPDATE SET revision = excluded.revision, state = excluded.state',
  ),
  upsertChild: db.prepare<[string, string, string, string, string, string]>(
    `INSERT INTO person_children (family_id, child_id, first_name, last_name, school, grade) VALUES (?, ?, ?, ?, ?, ?)
     ON CONFLICT (family_id, child_id) DO UPDATE SET first_name = excluded.first_name, last_name = excluded.last_name, school = excluded.school, grade = excluded.grade`,
  ),
  erase: db.prepare<[string]>('DELETE FROM persons WHERE family_id = ?'),
  markErased: db.prepare<[string]>('INSERT OR IGNORE INTO persons_erased (family_id) VALUES (?)'),
  isErased: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM persons_erased WHERE family_id = ?'),
  eraseChildren: db.prepare<[string]>('DELETE FROM person_children WHERE family_id = ?'),
}));

export const personsProjection: ReadModelProjection = {
  name: 'persons',
  // 3: the person state keeps every QF attestation (a town may price days with an earlier one).
  version: 3,
  tables: TABLES,
  init(db) {
    dropTables(db, TABLES);
    db.exec(`CREATE TABLE persons (family_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, state TEXT NOT NULL);
      CREATE TABLE person_children (family_id TEXT NOT NULL, child_id TEXT NOT NULL, first_name TEXT NOT NULL, last_name TEXT NOT NULL,
        school TEXT NOT NULL, grade TEXT NOT NULL, PRIMARY KEY (family_id, child_id));
      CREATE INDEX person_children_school ON person_children (school);
      CREATE TABLE persons_erased (family_id TEXT PRIMARY KEY)`);
  },
  apply(db, events: readonly StoredEvent[]) {
    const sql = statements(db);
    // Folded per batch, written once per family at the end of the batch.
    const touched = new Map<string, { revision: number; state: PersonState }>();
    // persons_erased as read or written in this batch, by family.
    const erased = new Map<string, boolean>();
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const familyId = familyIdOfStream(event.streamId);
      if (familyId === undefined) continue;
      if (event.streamId.startsWith(PERSON_STREAM_PREFIX)) {
        let isErased = erased.get(familyId);
        if (isErased === undefined) erased.set(familyId, (isErased = sql.isErased.get(familyId) !== undefined));
        if (isErased) continue;
        let entry = touched.get(familyId);
        if (!entry) {
          const row = sql.select.get(familyId);
          entry = row ? { revision: row.revision, state: personStateFromJson(row.state) } : { revision: -1, state: initialPersonState() };
        }
        const personEvent = personEventAt(events, i);
        touched.set(familyId, { revision: event.revision, state: evolvePerson(entry.state, personEvent) });
        if (personEvent.type === 'ChildIdentityRecorded') {
          const { childId, firstName, lastName, school, grade } = personEvent.data;
          sql.upsertChild.run(familyId, childId, firstName, lastName, school, grade);
        }
      } else if (event.streamId.startsWith(FAMILY_STREAM_PREFIX) && event.type === 'PersonalDataErased') {
        touched.delete(familyId);
        sql.erase.run(familyId);
        sql.eraseChildren.run(familyId);
        sql.markErased.run(familyId);
        erased.set(familyId, true);
      }
    }
    for (const [familyId, entry] of touched) sql.upsert.run(familyId, entry.revision, personStateToJson(entry.state));
  },
};

const FRENCH = new Intl.Collator('fr', { sensitivity: 'base' });
/** Capitals and accented letters in a name: « École Pasteur » is spelt with more care than « ecole pasteur ». */
const marks = (name: string) => [...name].filter((ch) => ch !== ch.toLowerCase() || ch.normalize('NFD').length > 1).length;

/** The persons read model's queries (identity and QF by family; the search of the agents' screens builds on it). */
export const personsQueries = preparedFor((db) => {
  const person = db.prepare<[string], { revision: number; state: string }>('SELECT revision, state FROM persons WHERE family_id = ?');
  const childSchools = db.prepare<[string], { childId: string; school: string }>('SELECT child_id AS childId, school FROM person_children WHERE family_id = ?');
  const allSchools = db.prepare<[], { school: string; children: number }>('SELECT school, COUNT(*) AS children FROM person_children GROUP BY school ORDER BY school');
  return {
    /** The family's person row, as stored (JSON state and its stream revision). */
    byFamily: (familyId: string): { revision: number; state: string } | undefined => person.get(familyId),
    /** Each child's school by childId (R14 closures of one school); empty once erased (R17). */
    schoolsOfFamily: (familyId: string): Record<string, string> => Object.fromEntries(childSchools.all(familyId).map((row) => [row.childId, row.school])),
    /**
     * The schools the children recorded name, once each whatever the spelling (the spelling of
     * most children; on a tie, the one with more capitals and accents), in French order (the
     * closures screen offers them).
     */
    schools: (): string[] => {
      const byKey = new Map<string, { school: string; children: number }>();
      for (const row of allSchools.all()) {
        const key = schoolKey(row.school);
        const known = byKey.get(key);
        if (!known || row.children > known.children || (row.children === known.children && marks(row.school) > marks(known.school))) byKey.set(key, row);
      }
      return [...byKey.values()].map((row) => row.school).sort(FRENCH.compare);
    },
  };
});
