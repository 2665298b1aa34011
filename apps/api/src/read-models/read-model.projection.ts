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
