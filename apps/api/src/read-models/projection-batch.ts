import type Database from 'better-sqlite3';
import type { StoredEvent } from '@periscol/event-store';
import { upcastFamilyEvent, upcastPersonEvent } from '@periscol/reservation-domain';
import type { FamilyEvent, PersonEvent } from '@periscol/reservation-domain';

/**
 * The decoded events of one batch, shared by every projection that applies it (the runner hands
 * each projection the same array): one cache per batch rather than a WeakMap entry per event,
 * and only the events some projection asks for are decoded (R16 upcasting, as `familyEventOf`).
 */
interface DecodedBatch {
  readonly family: (FamilyEvent | undefined)[];
  readonly person: (PersonEvent | undefined)[];
}

const decodedBatches = new WeakMap<readonly StoredEvent[], DecodedBatch>();

function decodedBatch(events: readonly StoredEvent[]): DecodedBatch {
  let batch = decodedBatches.get(events);
  if (!batch) decodedBatches.set(events, (batch = { family: new Array(events.length), person: new Array(events.length) }));
  return batch;
}

/**
 * What projections decode: type, data and schema version — never the metadata, which a replay
 * read (`readAllForReplay` of the SQLite store) leaves unparsed and hands the version beside.
 */
function upcastInput(stored: StoredEvent): { type: string; data: unknown; schemaVersion: unknown } {
  const replayed = stored as StoredEvent & { readonly schemaVersion?: number };
  return { type: stored.type, data: stored.data, schemaVersion: 'schemaVersion' in replayed ? replayed.schemaVersion : stored.metadata?.schemaVersion };
}

export function familyEventAt(events: readonly StoredEvent[], index: number): FamilyEvent {
  const batch = decodedBatch(events);
  let event = batch.family[index];
  if (event === undefined) batch.family[index] = event = upcastFamilyEvent(upcastInput(events[index]) as Parameters<typeof upcastFamilyEvent>[0], { validate: false });
  return event;
}

export function personEventAt(events: readonly StoredEvent[], index: number): PersonEvent {
  const batch = decodedBatch(events);
  let event = batch.person[index];
  if (event === undefined) batch.person[index] = event = upcastPersonEvent(upcastInput(events[index]) as Parameters<typeof upcastPersonEvent>[0], { validate: false });
  return event;
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
