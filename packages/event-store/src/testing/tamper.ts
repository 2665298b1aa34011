/** Test-only access behind a store's back, to show that verification finds what was changed. */
import Database from 'better-sqlite3';
import type { InMemoryEventStore } from '../memory/in-memory-event-store.adapter';

interface TamperableRecord {
  revision: number;
  dataJson: string;
}

export async function tamperInMemoryEvent(store: InMemoryEventStore, streamId: string, revision: number, data: unknown): Promise<void> {
  const streams = (store as unknown as { streams: Map<string, { records: TamperableRecord[] }> }).streams;
  const record = streams.get(streamId)?.records.find((candidate) => candidate.revision === revision);
  if (!record) throw new Error(`no event ${streamId}@${revision}`);
  record.dataJson = JSON.stringify(data);
}

/** Edits the SQLite file through a second connection, as someone with file access could. */
export async function tamperSqliteEvent(file: string, streamId: string, revision: number, data: unknown): Promise<void> {
  const db = new Database(file);
  try {
    const changed = db.prepare('UPDATE events SET data = ? WHERE stream_id = ? AND revision = ?').run(JSON.stringify(data), streamId, revision).changes;
    if (changed !== 1) throw new Error(`no event ${streamId}@${revision}`);
  } finally {
    db.close();
  }
}
