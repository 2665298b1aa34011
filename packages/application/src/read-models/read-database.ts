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

/**
 * Opens (or creates) a read database; `:memory:` for throw-away replays (audits, tests).
 * `secure_delete` (R17): the rows an erasure removes (identities, children) are overwritten
 * with zeros, and so is the room older versions of a row leave in its page.
 */
export function openReadDatabase(file: string): Database.Database {
  if (file !== ':memory:') fs.mkdirSync(path.dirname(file), { recursive: true });
  const db = new Database(file);
  if (file !== ':memory:') db.pragma('journal_mode = WAL');
  db.pragma('synchronous = NORMAL');
  db.pragma('busy_timeout = 5000');
  db.pragma('secure_delete = ON');
  return db;
}

/**
 * After an erasure (R17): copies the WAL into the file and truncates it to zero bytes. Each WAL
 * frame is a whole page as one commit left it, so the frames written before the erasure still
 * hold the erased rows until the WAL is emptied (a plain checkpoint reuses it, leaving them).
 * False when a reader kept an old snapshot past busy_timeout.
 */
export function truncateReadDatabaseWal(db: Database.Database): boolean {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return result?.busy === 0;
}
