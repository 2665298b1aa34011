import Database from 'better-sqlite3';
import { StoreNotDurableError, StoreSchemaTooNewError } from '../event-store.errors';

/** Bumped when the schema changes; a file written by a newer version is refused. */
export const SQLITE_SCHEMA_VERSION = 1;

const DDL = `
CREATE TABLE IF NOT EXISTS events (
  position    INTEGER PRIMARY KEY AUTOINCREMENT,
  stream_id   TEXT    NOT NULL,
  revision    INTEGER NOT NULL,
  event_id    TEXT    NOT NULL UNIQUE,
  type        TEXT    NOT NULL,
  data        TEXT    NOT NULL,
  metadata    TEXT    NOT NULL,
  recorded_at TEXT    NOT NULL,
  UNIQUE (stream_id, revision)
);
CREATE TABLE IF NOT EXISTS streams (
  stream_id  TEXT    PRIMARY KEY,
  revision   INTEGER NOT NULL,
  last_hash  TEXT    NOT NULL,
  deleted_at TEXT
);
`;

/**
 * Opens (creating if needed) an event-store file with WAL + synchronous=FULL and refuses to go on
 * if SQLite did not take both settings: under NORMAL a committed transaction can be lost on power
 * failure, and an acknowledged append must never be lost. `secure_delete` is on for R17.
 */
export function openDurableDatabase(file: string, options: { busyTimeoutMs: number; walAutocheckpointPages: number }): Database.Database {
  const db = new Database(file);
  try {
    db.pragma(`busy_timeout = ${Math.max(0, Math.floor(options.busyTimeoutMs))}`);
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    // R17: a deleted row's bytes are overwritten with zeros (cell, free space, freed pages),
    // not merely unlinked, so an erased person stream cannot be read back from the file.
    db.pragma('secure_delete = ON');
    // Checkpoints copy WAL pages back into the file (random writes + fsync). A larger WAL lets a
    // page rewritten by many commits (index leaves, the streams table) be copied once.
    db.pragma(`wal_autocheckpoint = ${Math.max(0, Math.floor(options.walAutocheckpointPages))}`);
    const journalMode = db.pragma('journal_mode', { simple: true });
    const synchronous = db.pragma('synchronous', { simple: true });
    if (String(journalMode).toLowerCase() !== 'wal') throw new StoreNotDurableError(`journal_mode is ${String(journalMode)}, not wal (${file})`);
    if (synchronous !== 2) throw new StoreNotDurableError(`synchronous is ${String(synchronous)}, not 2 (FULL) (${file})`);
    const version = Number(db.pragma('user_version', { simple: true }));
    if (version > SQLITE_SCHEMA_VERSION) throw new StoreSchemaTooNewError(version, SQLITE_SCHEMA_VERSION);
    db.transaction(() => {
      db.exec(DDL);
      db.pragma(`user_version = ${SQLITE_SCHEMA_VERSION}`);
    }).immediate();
    return db;
  } catch (error) {
    db.close();
    throw error;
  }
}

/**
 * Copies the WAL into the file and truncates it to zero bytes. A WAL frame is a whole page as it
 * was at one commit, so after a deletion the older frames still hold the deleted rows; an
 * ordinary checkpoint leaves them in the file (the WAL is reused from its start, not emptied).
 * Waits for readers up to busy_timeout; false if one still held an old snapshot.
 */
export function truncateWal(db: Database.Database): boolean {
  const [result] = db.pragma('wal_checkpoint(TRUNCATE)') as { busy: number }[];
  return result?.busy === 0;
}
