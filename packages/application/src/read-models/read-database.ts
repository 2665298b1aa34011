import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';

/**
 * The read database of one API process: `${PERISCOL_DATA_DIR}/read-${PERISCOL_INSTANCE_ID}.sqlite`.
 * Everything in it is rebuildable from the event store, so it trades durability for speed
 * (WAL + synchronous=NORMAL): a lost last transaction is replayed from its checkpoint.
 */
export function readDatabaseFile(config: { readonly dataDir: string; readonly instanceId: string }): string {
  return path.join(config.dataDir, `read-${config.instanceId}.sqlite`);
}

/** Opens (or creates) a read database; `:memory:` for throw-away replays (audits, tests). */
export function openReadDatabase(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  return db;
}
