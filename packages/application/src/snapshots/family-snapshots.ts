import type { EventStore } from '@periscol/event-store';
import { evolveFamily, initialFamilyState } from '@periscol/reservation-domain';
import type { FamilyState } from '@periscol/reservation-domain';
import type Database from 'better-sqlite3';
import { familyEventOf } from '../events/event-decoding';
import { familyStreamId } from '../streams/stream-names';
import { familyStateFromJson, familyStateToJson } from './family-state.serializer';
import type { ReadModels } from '../read-models/read-models';

/** A family's state as of one revision of its stream (-1: no stream). */
export interface FamilySnapshot {
  readonly revision: number;
  readonly state: FamilyState;
}

/** Families whose parsed state stays in memory (a city's active families fit; the rest is on disk). */
export const SNAPSHOT_CACHE_SIZE = 2_000;
/** A snapshot is written to disk once the stream has moved this many events past the stored one. */
export const SNAPSHOT_EVERY = 25;

interface CacheEntry extends FamilySnapshot {
  /** Revision of the snapshot stored on disk. */
  readonly persisted: number;
}

/**
 * (a) Family state snapshots: the state of `family-<id>` folded onto the last stored snapshot.
 * A read takes the cached (or stored) snapshot and folds only the stream's tail — one indexed
 * query that usually returns nothing — so it is never stale, whichever process wrote, and never
 * reads the whole stream (except the first time a family is seen without any snapshot).
 * Snapshots are a cache of the stream, kept in the read database (`family_snapshots`), written
 * every `SNAPSHOT_EVERY` events; parsed states are kept in an LRU keyed by family and revision.
 */
export class FamilySnapshots {
  private readonly cache = new Map<string, CacheEntry>();
  private readonly db: Database.Database;
  private readonly select: Database.Statement<[string], { revision: number; state: string }>;
  private readonly upsert: Database.Statement<[string, number, string]>;

  constructor(
    readModels: ReadModels,
    private readonly store: EventStore,
  ) {
    this.db = readModels.db;
    readModels.onReset(() => this.clear());
    this.db.exec('CREATE TABLE IF NOT EXISTS family_snapshots (family_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, state TEXT NOT NULL)');
    this.select = this.db.prepare('SELECT revision, state FROM family_snapshots WHERE family_id = ?');
    this.upsert = this.db.prepare(
      'INSERT INTO family_snapshots (family_id, revision, state) VALUES (?, ?, ?) ON CONFLICT (family_id) DO UPDATE SET revision = excluded.revision, state = excluded.state WHERE excluded.revision > family_snapshots.revision',
    );
  }

  /** The latest state known without reading the store (memory, then disk, else the initial state). */
  known(familyId: string): FamilySnapshot {
    const cached = this.cache.get(familyId);
    if (cached) {
      // Map order is the LRU order: move to the most recent end.
      this.cache.delete(familyId);
      this.cache.set(familyId, cached);
      return cached;
    }
    const row = this.select.get(familyId);
    const state = row ? familyStateFromJson(row.state) : undefined;
    if (row && state) return this.keep(familyId, { revision: row.revision, state, persisted: row.revision });
    return { revision: -1, state: initialFamilyState() };
  }

  /** The family's current state: the known snapshot plus the events appended since. */
  async load(familyId: string): Promise<FamilySnapshot> {
    const known = this.known(familyId);
    const tail = await this.store.readStream(familyStreamId(familyId), { fromRevision: known.revision + 1 });
    if (tail.events.length === 0) return known;
    let state = known.state;
    for (const event of tail.events) state = evolveFamily(state, familyEventOf(event));
    const snapshot = { revision: tail.events[tail.events.length - 1].revision, state };
    this.remember(familyId, snapshot);
    return snapshot;
  }

  /** Records a state just computed (after a command or a fold); older revisions are ignored. */
  remember(familyId: string, snapshot: FamilySnapshot): void {
    if (snapshot.revision < 0) return;
    const current = this.cache.get(familyId);
    if (current && current.revision >= snapshot.revision) return;
    let persisted = current?.persisted ?? -1;
    if (snapshot.revision - persisted >= SNAPSHOT_EVERY) {
      this.upsert.run(familyId, snapshot.revision, familyStateToJson(snapshot.state));
      persisted = snapshot.revision;
    }
    this.keep(familyId, { ...snapshot, persisted });
  }

  /** Forgets every snapshot (after a rebuild of the read database). */
  clear(): void {
    this.cache.clear();
    this.db.exec('DELETE FROM family_snapshots');
  }

  /** Stored snapshots, for the audit's comparison with a fresh fold. */
  stored(): StoredFamilySnapshot[] {
    return storedFamilySnapshots(this.db);
  }

  private keep(familyId: string, entry: CacheEntry): CacheEntry {
    this.cache.delete(familyId);
    this.cache.set(familyId, entry);
    if (this.cache.size > SNAPSHOT_CACHE_SIZE) this.cache.delete(this.cache.keys().next().value as string);
    return entry;
  }
}

/** A snapshot row as stored (its state still JSON). */
export interface StoredFamilySnapshot {
  readonly familyId: string;
  readonly revision: number;
  readonly state: string;
}

/** The snapshots stored in a read database (none when the table was never created). */
export function storedFamilySnapshots(db: Database.Database): StoredFamilySnapshot[] {
  const exists = db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = 'family_snapshots'").get();
  if (!exists) return [];
  return db.prepare<[], StoredFamilySnapshot>('SELECT family_id AS familyId, revision, state FROM family_snapshots ORDER BY family_id').all();
}
