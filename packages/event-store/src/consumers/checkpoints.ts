/**
 * The one checkpoint table of every event consumer (projectors and reactors), kept in the
 * database the consumer writes to: `consumer_checkpoints(name, version, position)`. A projector
 * saves its row inside the transaction of its read-model changes (`save`, exact); a reactor
 * advances its row after its effects (`advance`, forward-only, since several processes may run
 * the same reactor and each handles every event before advancing it).
 */
import type Database from 'better-sqlite3';

export interface Checkpoint {
  readonly version: number;
  /** Global position of the last event handled (0: none yet). */
  readonly position: number;
}

export interface NamedCheckpoint extends Checkpoint {
  readonly name: string;
}

const DDL = `CREATE TABLE IF NOT EXISTS consumer_checkpoints (
  name     TEXT    PRIMARY KEY,
  version  INTEGER NOT NULL,
  position INTEGER NOT NULL
)`;

// `WHERE true`: SQLite needs it to tell an upsert's ON CONFLICT from a join after INSERT … SELECT.
const MIGRATIONS: readonly { readonly table: string; readonly copy: string }[] = [
  {
    // Exact rows: the read model's tables stand where this row says.
    table: 'projection_checkpoints',
    copy: `INSERT INTO consumer_checkpoints (name, version, position)
      SELECT name, version, position FROM projection_checkpoints WHERE true
      ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position`,
  },
  {
    table: 'process_checkpoints',
    copy: `INSERT INTO consumer_checkpoints (name, version, position)
      SELECT name, 1, position FROM process_checkpoints WHERE true
      ON CONFLICT (name) DO UPDATE SET position = MAX(position, excluded.position) WHERE version = excluded.version`,
  },
];

export class CheckpointTable {
  private readonly select: Database.Statement<[string], Checkpoint>;
  private readonly selectAll: Database.Statement<[], NamedCheckpoint>;
  private readonly upsert: Database.Statement<[string, number, number]>;
  private readonly forward: Database.Statement<[string, number, number]>;

  /** Creates the table and moves the rows of the former tables into it (then drops them). */
  constructor(db: Database.Database) {
    db.transaction(() => {
      db.exec(DDL);
      for (const { table, copy } of MIGRATIONS) {
        if (!db.prepare("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?").get(table)) continue;
        db.exec(copy);
        db.exec(`DROP TABLE ${table}`);
      }
    }).immediate();
    this.select = db.prepare('SELECT version, position FROM consumer_checkpoints WHERE name = ?');
    this.selectAll = db.prepare('SELECT name, version, position FROM consumer_checkpoints ORDER BY name');
    this.upsert = db.prepare(
      'INSERT INTO consumer_checkpoints (name, version, position) VALUES (?, ?, ?) ON CONFLICT (name) DO UPDATE SET version = excluded.version, position = excluded.position',
    );
    // A row of another version belongs to the process that reset it: leave it alone.
    this.forward = db.prepare(
      `INSERT INTO consumer_checkpoints (name, version, position) VALUES (?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET position = excluded.position
       WHERE version = excluded.version AND position < excluded.position`,
    );
  }

  get(name: string): Checkpoint | undefined {
    return this.select.get(name);
  }

  all(): NamedCheckpoint[] {
    return this.selectAll.all();
  }

  /** Sets the row exactly (a projector, inside its batch's transaction; a reset to 0). */
  save(name: string, version: number, position: number): void {
    this.upsert.run(name, version, position);
  }

  /** Moves the row forward only, within its version. True when it moved. */
  advance(name: string, version: number, position: number): boolean {
    return this.forward.run(name, version, position).changes > 0;
  }
}
