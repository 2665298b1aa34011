/**
 * The agents' family search over 20,000 families (`GET /api/admin/families/search`): the
 * family-search read model's query (an index of words, a range of it per query word) against a
 * same-run baseline, the plain SQLite `LIKE '%word%'` scan a first version would write over
 * one row per family (name, e-mail, children's names, schools, classes in one text column,
 * accents and case removed the same way). Both answer the same queries, the first page of 50 by
 * name; p50 and p95 over every query of every round. Target (docs/rules.md §8 and the back
 * office's brief): p95 under 100 ms.
 */
import Database from 'better-sqlite3';
import type { StoredEvent } from '@periscol/event-store';
import { familySearchProjection, familySearchQueries, searchWords } from '@periscol/application';
import { PERSON_EVENT_SCHEMA_VERSIONS, type PersonEvent } from '@periscol/reservation-domain';
import type { BenchResult } from './bench-kit';

export const title = 'family search (back office), 20,000 families';

const FAMILIES = Number(process.env.PERISCOL_BENCH_SEARCH_FAMILIES ?? 20_000);
const ROUNDS = Number(process.env.PERISCOL_BENCH_SEARCH_ROUNDS ?? 20);
const PAGE = 50;

const PARENTS = ['Nadia', 'Julien', 'Sarah', 'Mehdi', 'Claire', 'Antoine', 'Fatou', 'Olivier', 'Aurélie', 'Yann', 'Isabelle', 'Karim', 'Élodie', 'Thierry', 'Manon', 'Bruno', 'Camille', 'Léon'];
const CHILDREN = ['Adam', 'Emma', 'Gabriel', 'Jade', 'Louis', 'Chloé', 'Raphaël', 'Alice', 'Arthur', 'Rose', 'Noah', 'Mila', 'Sacha', 'Lina', 'Tom', 'Anna', 'Ethan', 'Zoé', 'Nolan', 'Léa', 'Hugo', 'Inès'];
const LAST = ['Martin', 'Bernard', 'Dubois', 'Thomas', 'Robert', 'Richard', 'Petit', 'Durand', 'Leroy', 'Moreau', 'Simon', 'Laurent', 'Lefebvre', 'Michel', 'Garcia', 'David', 'Bertrand', 'Roux', 'Vincent', 'Fournier', 'Morel', 'Girard', 'André', 'Mercier', 'Dupont', 'Lambert', 'Bonnet', 'François', 'Martinez', 'Legrand', 'Nguyen', 'Diallo', 'Traoré', 'Rousseau', 'Blanc', 'Guerin', 'Muller', 'Henry', 'Roussel', 'Nicolas'];
const SCHOOLS = ['École élémentaire Jules-Ferry', 'École élémentaire Louise-Michel', 'École maternelle Les Tilleuls', 'École élémentaire Jean-Moulin', 'École primaire Marie-Curie', 'École maternelle Victor-Hugo', 'École élémentaire Pasteur', 'École primaire Jacques-Prévert'];
const GRADES = ['PS', 'MS', 'GS', 'CP', 'CE1', 'CE2', 'CM1', 'CM2'];

/** What an agent types: a family name, a parent and a name, a child, a school and class, a prefix, a rare and a broad word. */
const QUERIES = ['martin', 'claire bernard', 'léa dubois', 'jules ferry cm1', 'tilleuls ms nguyen', 'mart', 'zoé', 'seed-001234', 'ecole', 'personne introuvable'];

interface Family {
  readonly familyId: string;
  readonly name: string;
  readonly email: string;
  readonly children: readonly { childId: string; firstName: string; lastName: string; school: string; grade: string }[];
}

function families(): Family[] {
  return Array.from({ length: FAMILIES }, (_, index) => {
    const i = index + 1;
    const familyId = `seed-${String(i).padStart(6, '0')}`;
    const lastName = LAST[(i * 7) % LAST.length];
    return {
      familyId,
      name: `${PARENTS[i % PARENTS.length]} ${lastName}`,
      email: `${familyId}@exemple.fr`,
      children: Array.from({ length: 1 + (i % 3 === 0 ? 2 : i % 2) }, (_, n) => ({
        childId: `${familyId}-c${n + 1}`,
        firstName: CHILDREN[(i * 5 + n * 11) % CHILDREN.length],
        lastName,
        school: SCHOOLS[(i * 3 + n) % SCHOOLS.length],
        grade: GRADES[(i + n * 3) % GRADES.length],
      })),
    };
  });
}

function storedEvents(all: readonly Family[]): StoredEvent[] {
  const events: StoredEvent[] = [];
  const push = (streamId: string, revision: number, event: PersonEvent) =>
    events.push({
      streamId,
      revision,
      position: events.length + 1,
      type: event.type,
      data: event.data,
      metadata: { eventId: `e${events.length + 1}`, schemaVersion: PERSON_EVENT_SCHEMA_VERSIONS[event.type], previousHash: '', hash: '', recordedAt: '2026-09-01T08:00:00.000Z' },
    });
  for (const family of all) {
    const streamId = `person-${family.familyId}`;
    push(streamId, 0, { type: 'FamilyIdentityRecorded', data: { familyId: family.familyId, name: family.name, email: family.email } });
    family.children.forEach((child, n) => push(streamId, n + 1, { type: 'ChildIdentityRecorded', data: child }));
  }
  return events;
}

function percentile(sorted: readonly number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

function timeQueries(run: (query: string) => unknown): { p50: number; p95: number; slowest: string } {
  const times: number[] = [];
  const byQuery = new Map<string, number[]>(QUERIES.map((query) => [query, []]));
  for (const query of QUERIES) run(query); // warm-up: statements prepared, pages cached
  for (let round = 0; round < ROUNDS; round++) {
    for (const query of QUERIES) {
      const start = process.hrtime.bigint();
      run(query);
      const ms = Number(process.hrtime.bigint() - start) / 1e6;
      times.push(ms);
      byQuery.get(query)?.push(ms);
    }
  }
  times.sort((a, b) => a - b);
  const medians = [...byQuery].map(([query, ms]) => ({ query, ms: [...ms].sort((a, b) => a - b)[ms.length >> 1] })).sort((a, b) => b.ms - a.ms);
  return { p50: percentile(times, 50), p95: percentile(times, 95), slowest: medians.slice(0, 3).map((q) => `« ${q.query} » ${q.ms.toFixed(1)} ms`).join(', ') };
}

export async function run(): Promise<BenchResult[]> {
  const all = families();

  // The read model, fed as the projection runner feeds it (batches of 1,000 events, one transaction each).
  const db = new Database(':memory:');
  familySearchProjection.init(db);
  const events = storedEvents(all);
  const started = Date.now();
  for (let from = 0; from < events.length; from += 1000) db.transaction(() => familySearchProjection.apply(db, events.slice(from, from + 1000)))();
  const projectedMs = Date.now() - started;
  const search = familySearchQueries(db);

  // The baseline: one row per family, its words in one text column, LIKE '%word%' per word.
  const base = new Database(':memory:');
  base.exec('CREATE TABLE families (family_id TEXT PRIMARY KEY, sort_key TEXT NOT NULL, words TEXT NOT NULL, doc TEXT NOT NULL)');
  const insert = base.prepare('INSERT INTO families VALUES (?, ?, ?, ?)');
  base.transaction(() => {
    for (const family of all) {
      const words = [family.name, family.email, ...family.children.flatMap((c) => [c.firstName, c.lastName, c.school, c.grade])].flatMap(searchWords).join(' ');
      insert.run(family.familyId, searchWords(family.name).join(' '), ` ${words}`, JSON.stringify(family));
    }
  })();
  const byWords = new Map<number, Database.Statement>();
  const like = (query: string) => {
    const words = [...new Set(searchWords(query))].slice(0, 8);
    if (words.length === 0) return [];
    let statement = byWords.get(words.length);
    if (!statement) {
      const where = words.map(() => "words LIKE ? ESCAPE '\\'").join(' AND ');
      byWords.set(words.length, (statement = base.prepare(`SELECT family_id, doc, COUNT(*) OVER () AS total FROM families WHERE ${where} ORDER BY sort_key, family_id LIMIT ${PAGE}`)));
    }
    // ' word' at a word's start, as the index matches prefixes of words.
    return statement.all(...words.map((word) => `% ${word.replace(/[\\%_]/g, (c) => `\\${c}`)}%`));
  };

  // Same answers, or the comparison means nothing.
  for (const query of QUERIES) {
    const a = search.search(query, PAGE).families.map((f) => f.familyId);
    const b = (like(query) as { family_id: string }[]).map((row) => row.family_id);
    if (a.join() !== b.join()) throw new Error(`family search and baseline disagree on « ${query} »: ${a.length} vs ${b.length}`);
  }

  const indexed = timeQueries((query) => search.search(query, PAGE));
  const scanned = timeQueries(like);
  db.close();
  base.close();
  const note = `${all.length.toLocaleString('en-US')} families, ${events.length.toLocaleString('en-US')} person events projected in ${projectedMs} ms; ${QUERIES.length} queries × ${ROUNDS} rounds`;
  return [
    { name: 'family search p95 (read model, index of words)', value: indexed.p95, unit: 'ms', baseline: scanned.p95, target: '< 100 ms', note },
    { name: 'family search p50 (read model, index of words)', value: indexed.p50, unit: 'ms', baseline: scanned.p50, note: `slowest medians: ${indexed.slowest}` },
    { name: 'baseline: SQLite LIKE scan p95', value: scanned.p95, unit: 'ms', note: `slowest medians: ${scanned.slowest}` },
  ];
}
