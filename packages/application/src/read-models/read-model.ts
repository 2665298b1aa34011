import type Database from 'better-sqlite3';
import type { Projection } from '@periscol/event-store';

/** A projection of the API's read database, naming the tables it owns (for audits and rebuilds). */
export interface ReadModelProjection extends Projection {
  readonly tables: readonly string[];
}

/**
 * Prepared statements of one projection for one database, prepared on first use (after `init`
 * created the tables). SQLite re-prepares them by itself after a rebuild drops and recreates
 * the tables.
 */
export function preparedFor<S>(factory: (db: Database.Database) => S): (db: Database.Database) => S {
  const cache = new WeakMap<Database.Database, S>();
  return (db) => {
    let statements = cache.get(db);
    if (!statements) cache.set(db, (statements = factory(db)));
    return statements;
  };
}

export function dropTables(db: Database.Database, tables: readonly string[]): void {
  for (const table of tables) db.exec(`DROP TABLE IF EXISTS ${table}`);
}

/** Most rows in one multi-row statement (far below SQLite's limit of bound parameters). */
const MAX_ROWS_PER_STATEMENT = 100;

/**
 * Runs `INSERT … VALUES (…), (…), …` for many rows in one statement (one call into SQLite
 * instead of one per row; each row is still inserted, or ignored on conflict, in order).
 * `head` is the statement up to `VALUES`, e.g. `INSERT OR IGNORE INTO t (a, b)`.
 */
export function multiRowInsert(head: string, columns: number): (db: Database.Database, rows: readonly unknown[]) => void {
  const placeholders = `(${new Array(columns).fill('?').join(', ')})`;
  const cache = new WeakMap<Database.Database, Map<number, Database.Statement>>();
  const statement = (db: Database.Database, rows: number): Database.Statement => {
    let byCount = cache.get(db);
    if (!byCount) cache.set(db, (byCount = new Map()));
    let prepared = byCount.get(rows);
    if (!prepared) byCount.set(rows, (prepared = db.prepare(`${head} VALUES ${new Array(rows).fill(placeholders).join(', ')}`)));
    return prepared;
  };
  /** `values`: the rows' values one after the other (`columns` per row). */
  return (db, values) => {
    const rows = values.length / columns;
    for (let from = 0; from < rows; from += MAX_ROWS_PER_STATEMENT) {
      const count = Math.min(MAX_ROWS_PER_STATEMENT, rows - from);
      statement(db, count).run(from === 0 && count === rows ? values : values.slice(from * columns, (from + count) * columns));
    }
  };
}
