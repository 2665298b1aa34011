import type Database from 'better-sqlite3';

/**
 * Checkpoints of the process managers, in the operations database shared by every process on
 * the data folder. A checkpoint only moves forward (`MAX`): every process handles every event
 * before advancing it, so "N" means some process completed everything up to N, and a process
 * that starts or restarts resumes there instead of from the beginning.
 */
export class ProcessCheckpoints {
  private readonly select: Database.Statement<[string], { position: number }>;
  private readonly advance: Database.Statement<[string, number]>;

  constructor(db: Database.Database) {
    db.exec(`CREATE TABLE IF NOT EXISTS process_checkpoints (
      name     TEXT    PRIMARY KEY,
      position INTEGER NOT NULL
    ) STRICT`);
    this.select = db.prepare('SELECT position FROM process_checkpoints WHERE name = ?');
    this.advance = db.prepare(
      'INSERT INTO process_checkpoints (name, position) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET position = MAX(position, excluded.position)',
    );
  }

  get(name: string): number {
    return this.select.get(name)?.position ?? 0;
  }

  save(name: string, position: number): void {
    this.advance.run(name, position);
  }
}
