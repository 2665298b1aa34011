import type Database from 'better-sqlite3';
import type { StoredEvent } from '@periscol/event-store';
import { FAMILY_STREAM_PREFIX, familyIdOfStream, PERSON_STREAM_PREFIX } from '../streams/stream-names';
import { personEventAt } from '../events/event-decoding';
import { dropTables, multiRowInsert, preparedFor, ReadModelProjection } from './read-model';

/**
 * The agents' family search (R17 identity only): one row per person stream with what a result
 * shows, and an index of its words — the family's name and e-mail, each child's first and last
 * name, school and class — lower-cased and without accents, so « ecole jules » finds « École
 * Jules Ferry » and « CM1 ». A query's words must all start some word of the family
 * (`term >= 'mar' AND term < 'mar\uffff'` on the primary key: a range of the index, never a scan).
 * `PersonalDataErased` removes the family and marks it, so that a person event appended in the
 * instant before the stream's deletion cannot bring it back (as the persons read model does).
 */
const TABLES = ['family_search', 'family_search_terms', 'family_search_erased'] as const;

export interface FamilySearchChild {
  readonly childId: string;
  readonly firstName: string;
  readonly lastName: string;
  readonly school: string;
  readonly grade: string;
}

export interface FamilySearchHit {
  readonly familyId: string;
  readonly name: string | null;
  readonly email: string | null;
  readonly children: readonly FamilySearchChild[];
}

export interface FamilySearchResult {
  /** Families matching every word, all of them (the page is `families`). */
  readonly total: number;
  /** At most `limit`, by name then id. */
  readonly families: readonly FamilySearchHit[];
}

interface SearchDoc {
  name: string | null;
  email: string | null;
  children: FamilySearchChild[];
}

/** Words of a text for the index and for queries: lower case, accents removed, letters and digits. */
export function searchWords(text: string): string[] {
  return text
    .normalize('NFD')
    .replace(/\p{M}+/gu, '')
    .toLowerCase()
    .split(/[^\p{L}\p{N}]+/u)
    .filter((word) => word.length > 0);
}

function termsOf(doc: SearchDoc): Set<string> {
  const terms = new Set<string>();
  const add = (text: string | null) => {
    if (text) for (const word of searchWords(text)) terms.add(word.slice(0, 64));
  };
  add(doc.name);
  add(doc.email);
  for (const child of doc.children) {
    add(child.firstName);
    add(child.lastName);
    add(child.school);
    add(child.grade);
  }
  return terms;
}

const sortKeyOf = (doc: SearchDoc) => searchWords(doc.name ?? '').join(' ');

const insertTerms = multiRowInsert('INSERT OR IGNORE INTO family_search_terms (term, family_id)', 2);

const statements = preparedFor((db) => ({
  select: db.prepare<[string], { doc: string }>('SELECT doc FROM family_search WHERE family_id = ?'),
  upsert: db.prepare<[string, string, string]>(
    'INSERT INTO family_search (family_id, sort_key, doc) VALUES (?, ?, ?) ON CONFLICT (family_id) DO UPDATE SET sort_key = excluded.sort_key, doc = excluded.doc',
  ),
  deleteTerms: db.prepare<[string]>('DELETE FROM family_search_terms WHERE family_id = ?'),
  erase: db.prepare<[string]>('DELETE FROM family_search WHERE family_id = ?'),
  markErased: db.prepare<[string]>('INSERT OR IGNORE INTO family_search_erased (family_id) VALUES (?)'),
  isErased: db.prepare<[string], { one: number }>('SELECT 1 AS one FROM family_search_erased WHERE family_id = ?'),
}));

export const familySearchProjection: ReadModelProjection = {
  name: 'family-search',
  version: 1,
  tables: TABLES,
  init(db) {
    dropTables(db, TABLES);
    db.exec(`CREATE TABLE family_search (family_id TEXT PRIMARY KEY, sort_key TEXT NOT NULL, doc TEXT NOT NULL);
      CREATE INDEX family_search_sort ON family_search (sort_key, family_id);
      CREATE TABLE family_search_terms (term TEXT NOT NULL, family_id TEXT NOT NULL, PRIMARY KEY (term, family_id)) WITHOUT ROWID;
      CREATE INDEX family_search_terms_family ON family_search_terms (family_id, term);
      CREATE TABLE family_search_erased (family_id TEXT PRIMARY KEY)`);
  },
  apply(db, events: readonly StoredEvent[]) {
    const sql = statements(db);
    // Folded per batch, written once per family at the end of the batch.
    const touched = new Map<string, SearchDoc>();
    const erased = new Map<string, boolean>();
    for (let i = 0; i < events.length; i++) {
      const event = events[i];
      const familyId = familyIdOfStream(event.streamId);
      if (familyId === undefined) continue;
      if (event.streamId.startsWith(PERSON_STREAM_PREFIX)) {
        let isErased = erased.get(familyId);
        if (isErased === undefined) erased.set(familyId, (isErased = sql.isErased.get(familyId) !== undefined));
        if (isErased) continue;
        const personEvent = personEventAt(events, i);
        if (personEvent.type !== 'FamilyIdentityRecorded' && personEvent.type !== 'ChildIdentityRecorded') continue;
        let doc = touched.get(familyId);
        if (!doc) {
          const row = sql.select.get(familyId);
          doc = row ? (JSON.parse(row.doc) as SearchDoc) : { name: null, email: null, children: [] };
          touched.set(familyId, doc);
        }
        if (personEvent.type === 'FamilyIdentityRecorded') {
          doc.name = personEvent.data.name;
          doc.email = personEvent.data.email;
        } else {
          const { childId, firstName, lastName, school, grade } = personEvent.data;
          const child = { childId, firstName, lastName, school, grade };
          const at = doc.children.findIndex((known) => known.childId === childId);
          if (at >= 0) doc.children[at] = child;
          else doc.children.push(child);
        }
      } else if (event.streamId.startsWith(FAMILY_STREAM_PREFIX) && event.type === 'PersonalDataErased') {
        touched.delete(familyId);
        sql.erase.run(familyId);
        sql.deleteTerms.run(familyId);
        sql.markErased.run(familyId);
        erased.set(familyId, true);
      }
    }
    const rows: string[] = [];
    for (const [familyId, doc] of touched) {
      sql.upsert.run(familyId, sortKeyOf(doc), JSON.stringify(doc));
      sql.deleteTerms.run(familyId);
      for (const term of termsOf(doc)) rows.push(term, familyId);
    }
    if (rows.length > 0) insertTerms(db, rows);
  },
};

/** Most words of a query that count (the rest are ignored). */
export const MAX_SEARCH_WORDS = 8;

/**
 * Index entries of a word above which it is "broad" (« ecole », a common name): then the
 * families are read in name order and checked word by word until the page is full, instead of
 * collecting every match to sort it.
 */
const BROAD_WORD_ENTRIES = 5_000;

type Row = { family_id: string; doc: string };

/** The family search's query. */
export const familySearchQueries = preparedFor((db) => {
  const entries = db.prepare<[string, string, number], { n: number }>('SELECT COUNT(*) AS n FROM (SELECT 1 FROM family_search_terms WHERE term >= ? AND term < ? LIMIT ?)');
  const has = 'EXISTS (SELECT 1 FROM family_search_terms t INDEXED BY family_search_terms_family WHERE t.family_id = s.family_id AND t.term >= ? AND t.term < ?)';
  const cache = new Map<string, Database.Statement>();
  const prepared = (key: string, sql: () => string) => {
    let statement = cache.get(key);
    if (!statement) cache.set(key, (statement = db.prepare(sql())));
    return statement;
  };
  /** Families holding the first word (a range of the index), then the others checked per family. */
  const narrow = (words: number) =>
    prepared(`narrow:${words}`, () => {
      const others = Array.from({ length: words - 1 }, () => ` AND ${has}`).join('');
      return `SELECT s.family_id, s.doc, COUNT(*) OVER () AS total
        FROM (SELECT DISTINCT family_id FROM family_search_terms WHERE term >= ? AND term < ?) hits
        JOIN family_search s ON s.family_id = hits.family_id
        WHERE 1${others} ORDER BY s.sort_key, s.family_id LIMIT ?`;
    });
  /** Every family in name order, each checked per word, until the page is full. */
  const broadPage = (words: number) =>
    prepared(`broad:${words}`, () => `SELECT s.family_id, s.doc FROM family_search s INDEXED BY family_search_sort WHERE ${Array.from({ length: words }, () => has).join(' AND ')} ORDER BY s.sort_key, s.family_id LIMIT ?`);
  /** Families holding the most selective word (its index range), the others checked per family. */
  const broadCount = (words: number) =>
    prepared(`count:${words}`, () => {
      const others = Array.from({ length: words - 1 }, () => ` AND ${has}`).join('');
      return `SELECT COUNT(*) AS total FROM (SELECT DISTINCT family_id FROM family_search_terms WHERE term >= ? AND term < ?) s WHERE 1${others}`;
    });
  const toHit = (row: Row): FamilySearchHit => {
    const doc = JSON.parse(row.doc) as SearchDoc;
    return { familyId: row.family_id, name: doc.name, email: doc.email, children: doc.children };
  };
  return {
    /** Families whose words start with every word of `query` (accents and case ignored). */
    search(query: string, limit: number): FamilySearchResult {
      const words = [...new Set(searchWords(query))].slice(0, MAX_SEARCH_WORDS).map((word) => ({ word, entries: entries.get(word, `${word}\uffff`, BROAD_WORD_ENTRIES + 1)?.n ?? 0 }));
      words.sort((a, b) => a.entries - b.entries);
      if (words.length === 0 || words[0].entries === 0) return { total: 0, families: [] };
      const ranges = words.flatMap(({ word }) => [word, `${word}\uffff`]);
      if (words[0].entries <= BROAD_WORD_ENTRIES) {
        const rows = narrow(words.length).all(...ranges, limit) as (Row & { total: number })[];
        return { total: rows[0]?.total ?? 0, families: rows.map(toHit) };
      }
      const rows = broadPage(words.length).all(...ranges, limit) as Row[];
      const total = rows.length < limit ? rows.length : (broadCount(words.length).get(...ranges) as { total: number }).total;
      return { total, families: rows.map(toHit) };
    },
  };
});
