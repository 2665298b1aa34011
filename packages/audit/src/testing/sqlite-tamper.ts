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

/** Cuts the row's data or metadata text in the middle: it is no longer JSON. */
export function cutText(file: string, position: number, column: 'data' | 'metadata'): void {
  withDb(file, (db) => {
    if (db.prepare(`UPDATE events SET ${column} = substr(${column}, 1, length(${column}) / 2) WHERE position = ?`).run(position).changes !== 1) throw new Error(`no event at position ${position}`);
  });
}

/** Sets one value inside the row's data or metadata JSON (`json_set`), e.g. `$.schemaVersion`. */
export function setJsonValue(file: string, position: number, column: 'data' | 'metadata', jsonPath: string, value: unknown): void {
  withDb(file, (db) => {
    if (db.prepare(`UPDATE events SET ${column} = json_set(${column}, ?, json(?)) WHERE position = ?`).run(jsonPath, JSON.stringify(value), position).changes !== 1) throw new Error(`no event at position ${position}`);
  });
}

export function setType(file: string, position: number, type: string): void {
  withDb(file, (db) => {
    if (db.prepare('UPDATE events SET type = ? WHERE position = ?').run(type, position).changes !== 1) throw new Error(`no event at position ${position}`);
  });
}

/** Copies a row to the end of its stream (a new revision and event id), leaving the stream's head as it was. */
export function appendCopy(file: string, position: number): EventRow {
  return withDb(file, (db) => {
    const row = db.prepare('SELECT stream_id, event_id, type, data, metadata, recorded_at FROM events WHERE position = ?').get(position) as
      | { stream_id: string; event_id: string; type: string; data: string; metadata: string; recorded_at: string }
      | undefined;
    if (!row) throw new Error(`no event at position ${position}`);
    const { last } = db.prepare('SELECT MAX(revision) AS last FROM events WHERE stream_id = ?').get(row.stream_id) as { last: number };
    const inserted = db
      .prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)')
      .run(row.stream_id, last + 1, `${row.event_id}-copy`, row.type, row.data, row.metadata, row.recorded_at);
    return { position: Number(inserted.lastInsertRowid), stream_id: row.stream_id, revision: last + 1, type: row.type, data: row.data, metadata: row.metadata };
  });
}
