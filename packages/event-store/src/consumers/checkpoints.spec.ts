import Database from 'better-sqlite3';
import { CheckpointTable } from './checkpoints';

describe('CheckpointTable', () => {
  let db: Database.Database;
  beforeEach(() => {
    db = new Database(':memory:');
  });
  afterEach(() => db.close());

  const tables = () => db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();

  test('save sets a row exactly; advance only moves it forward, within its version', () => {
    const checkpoints = new CheckpointTable(db);
    expect(checkpoints.get('p')).toBeUndefined();
    checkpoints.save('p', 1, 10);
    checkpoints.save('p', 2, 4);
    expect(checkpoints.get('p')).toEqual({ version: 2, position: 4 });

    expect(checkpoints.advance('r', 1, 5)).toBe(true);
    expect(checkpoints.advance('r', 1, 3)).toBe(false);
    expect(checkpoints.get('r')).toEqual({ version: 1, position: 5 });
    expect(checkpoints.advance('r', 1, 8)).toBe(true);
    expect(checkpoints.advance('r', 2, 20)).toBe(false); // another version's row is left alone
    expect(checkpoints.all()).toEqual([
      { name: 'p', version: 2, position: 4 },
      { name: 'r', version: 1, position: 8 },
    ]);
  });

  test('moves the rows of projection_checkpoints and process_checkpoints in, then drops those tables', () => {
    db.exec(`CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL);
      INSERT INTO projection_checkpoints VALUES ('families', 3, 120), ('orders', 1, 118);
      CREATE TABLE process_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL) STRICT;
      INSERT INTO process_checkpoints VALUES ('tickets', 97);`);
    const checkpoints = new CheckpointTable(db);
    expect(checkpoints.all()).toEqual([
      { name: 'families', version: 3, position: 120 },
      { name: 'orders', version: 1, position: 118 },
      { name: 'tickets', version: 1, position: 97 },
    ]);
    expect(tables()).toEqual(['consumer_checkpoints']);
    // Opening again (another process, a restart) changes nothing.
    expect(new CheckpointTable(db).all()).toHaveLength(3);
  });

  test('a former table recreated by an older version is merged again: exact for projections, forward-only for processes', () => {
    const checkpoints = new CheckpointTable(db);
    checkpoints.save('families', 3, 120);
    checkpoints.advance('tickets', 1, 97);
    db.exec(`CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL);
      INSERT INTO projection_checkpoints VALUES ('families', 3, 130);
      CREATE TABLE process_checkpoints (name TEXT PRIMARY KEY, position INTEGER NOT NULL);
      INSERT INTO process_checkpoints VALUES ('tickets', 40);`);
    expect(new CheckpointTable(db).all()).toEqual([
      { name: 'families', version: 3, position: 130 },
      { name: 'tickets', version: 1, position: 97 },
    ]);
    expect(tables()).toEqual(['consumer_checkpoints']);
  });
});
