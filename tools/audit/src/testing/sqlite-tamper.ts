/** Edits an events file through a second connection, as someone with access to the file could. */
import Database from 'better-sqlite3';

export interface EventRow {
  readonly position: number;
  readonly stream_id: string;
  readonly revision: number;
  readonly type: string;
  readonly data: string;
  readonly metadata: string;
}

function withDb<T>(file: string, fn: (db: Database.Database) => T): T {
  const db = new Database(file);
  try {
    return fn(db);
  } finally {
    db.close();
  }
}

export function eventRows(file: string, where = '1 = 1', ...params: unknown[]): EventRow[] {
  return withDb(file, (db) => db.prepare(`SELECT position, stream_id, revision, type, data, metadata FROM events WHERE ${where} ORDER BY position`).all(...params) as EventRow[]);
}

/** Replaces one byte of the row's data column (the byte at `index` becomes `byte`). */
export function changeOneByte(file: string, position: number, index: number, byte: string): { before: string; after: string } {
  return withDb(file, (db) => {
    const row = db.prepare('SELECT data FROM events WHERE position = ?').get(position) as { data: string } | undefined;
    if (!row) throw new Error(`no event at position ${position}`);
    const bytes = Buffer.from(row.data, 'utf8');
    bytes[index] = byte.charCodeAt(0);
    const after = bytes.toString('utf8');
    const changed = db.prepare('UPDATE events SET data = ? WHERE position = ?').run(after, position).changes;
    if (changed !== 1) throw new Error(`no event at position ${position}`);
    return { before: row.data, after };
  });
}

export function deleteRow(file: string, position: number): void {
  withDb(file, (db) => {
    if (db.prepare('DELETE FROM events WHERE position = ?').run(position).changes !== 1) throw new Error(`no event at position ${position}`);
  });
}
