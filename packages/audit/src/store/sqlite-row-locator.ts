import Database from 'better-sqlite3';
import type { RowLocation, UnreadableRowLocator } from '../checks/hash-chain.check';

/**
 * Names the row after a position in an events file, read-only and without parsing it: what the
 * store cannot read (a row edited into something that is not JSON) is still located.
 */
export function sqliteRowLocator(file: string): UnreadableRowLocator {
  return async (afterPosition) => {
    const db = new Database(file, { readonly: true, fileMustExist: true });
    try {
      const row = db.prepare('SELECT position, stream_id AS streamId, revision FROM events WHERE position > ? ORDER BY position LIMIT 1').get(afterPosition) as RowLocation | undefined;
      return row;
    } finally {
      db.close();
    }
  };
}
