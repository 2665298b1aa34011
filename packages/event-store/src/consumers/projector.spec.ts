import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { StoredEvent } from '../event-store.port';
import { InMemoryEventStore } from '../memory/in-memory-event-store.adapter';
import { ProjectionRunner, type Projection } from '../projection-runner';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.adapter';
import { event } from '../testing/event-store.contract';
import { ProjectionFailedError, ProjectionWaitTimeoutError } from './consumer.errors';
import { ProjectorRunner, type Projector } from './projector';

/** Records every event it is given, with no uniqueness constraint: a double application shows. */
function journal(name: string, version = 1, options: { poison?: string; only?: string[] } = {}): Projector & { inits: number; applied: number[][] } {
  const projection = {
    name,
    version,
    inits: 0,
    applied: [] as number[][],
    ...(options.only ? { canHandle: (e: StoredEvent) => options.only?.includes(e.type) === true } : {}),
    init(db: Database.Database) {
      projection.inits++;
      db.exec(`DROP TABLE IF EXISTS ${name}; CREATE TABLE ${name} (event_id TEXT NOT NULL, position INTEGER NOT NULL, type TEXT NOT NULL)`);
    },
    apply(db: Database.Database, events: readonly StoredEvent[]) {
      projection.applied.push(events.map((e) => e.position));
      const insert = db.prepare(`INSERT INTO ${name} (event_id, position, type) VALUES (?, ?, ?)`);
      for (const e of events) {
        insert.run(e.metadata.eventId, e.position, e.type);
        if (options.poison && e.type === options.poison) throw new Error(`cannot project ${e.type}`);
      }
    },
  };
  return projection;
}

describe('ProjectorRunner', () => {
  let dir: string;
  let db: Database.Database;
  let store: InMemoryEventStore;
  const runners: ProjectorRunner[] = [];
  const quiet = () => undefined;

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-projections-'));
    db = new Database(path.join(dir, 'read-models.sqlite'));
    db.pragma('journal_mode = WAL');
    store = new InMemoryEventStore();
  });
  afterEach(async () => {
    for (const runner of runners.splice(0)) await runner.stop();
    await store.close();
    db.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function runner(projectors: Projector[], batchSize = 3): ProjectorRunner {
    const created = new ProjectorRunner({ store, db, projectors, batchSize, onError: quiet });
    runners.push(created);
    return created;
  }
  const rows = (table: string) => db.prepare(`SELECT event_id AS id, position, type FROM ${table} ORDER BY rowid`).all() as { id: string; position: number; type: string }[];
  const checkpoint = (name: string) => db.prepare('SELECT version, position FROM consumer_checkpoints WHERE name = ?').get(name);
  async function appendMany(stream: string, types: string[]): Promise<number> {
    const current = (await store.readStream(stream)).currentRevision;
    const result = await store.appendToStream(
      stream,
      types.map((type) => event(type, {})),
      { expectedRevision: current === -1 ? 'no_stream' : current },
    );
    return result.lastPosition;
  }

  test('catches up, follows live appends, and waitFor gives read-your-writes', async () => {
    await appendMany('s1', ['A', 'B', 'C', 'D', 'E']);
    const r = runner([journal('one'), journal('two')]);
    r.start();
    await r.waitFor(5);
    expect(rows('one').map((row) => row.position)).toEqual([1, 2, 3, 4, 5]);
    const last = await appendMany('s2', ['F', 'G']);
    await r.waitFor(last);
    expect(rows('one')).toHaveLength(7);
    expect(rows('two')).toHaveLength(7);
    expect(checkpoint('one')).toEqual({ version: 1, position: 7 });
    expect(r.status()).toEqual([
      { name: 'one', version: 1, position: 7 },
      { name: 'two', version: 1, position: 7 },
    ]);
  });

  test('a projector that throws mid-batch leaves its tables and checkpoint untouched; the others go on', async () => {
    await appendMany('s1', ['A', 'B', 'C']);
    const bad = journal('bad', 1, { poison: 'Poison' });
    const r = runner([bad, journal('good')]);
    r.start();
    await r.waitFor(3);
    expect(checkpoint('bad')).toEqual({ version: 1, position: 3 });

    const last = await appendMany('s1', ['D', 'Poison', 'F']); // one batch of 3
    await expect(r.waitFor(last)).rejects.toBeInstanceOf(ProjectionFailedError);
    expect(rows('bad').map((row) => row.type)).toEqual(['A', 'B', 'C']); // D of the failed batch rolled back
    expect(checkpoint('bad')).toEqual({ version: 1, position: 3 });
    expect(rows('good')).toHaveLength(6);
    expect(r.status()[0]).toMatchObject({ name: 'bad', position: 3, failure: expect.objectContaining({ message: 'cannot project Poison' }) });
    await expect(r.waitFor(3)).resolves.toBeUndefined(); // positions it did reach still resolve
  });

  test('a new runner resumes from the checkpoints: every event applied exactly once', async () => {
    await appendMany('s1', ['A', 'B', 'C', 'D']);
    const first = runner([journal('one')]);
    first.start();
    await first.waitFor(4);
    await first.stop();

    await appendMany('s1', ['E', 'F']);
    const second = runner([journal('one')]);
    second.start();
    await second.waitFor(6);
    const applied = rows('one').map((row) => row.position);
    expect(applied).toEqual([1, 2, 3, 4, 5, 6]);
  });

  test('after a failure, a fixed projector resumes from its own checkpoint on restart', async () => {
    await appendMany('s1', ['A', 'Poison', 'C']);
    const broken = runner([journal('p', 1, { poison: 'Poison' })]);
    broken.start();
    await expect(broken.waitFor(3)).rejects.toBeInstanceOf(ProjectionFailedError);
    await broken.stop();
    expect(rows('p')).toEqual([]);

    const fixed = runner([journal('p', 1)]);
    fixed.start();
    await fixed.waitFor(3);
    expect(rows('p').map((row) => row.type)).toEqual(['A', 'Poison', 'C']);
  });

  test('a version change drops and rebuilds that projector only', async () => {
    await appendMany('s1', ['A', 'B']);
    const v1 = runner([journal('changing', 1), journal('stable', 1)]);
    v1.start();
    await v1.waitFor(2);
    await v1.stop();

    const changing = journal('changing', 2);
    const stable = journal('stable', 1);
    const v2 = runner([changing, stable]);
    expect(changing.inits).toBe(1);
    expect(stable.inits).toBe(0);
    expect(checkpoint('changing')).toEqual({ version: 2, position: 0 });
    v2.start();
    await v2.waitFor(2);
    expect(rows('changing').map((row) => row.position)).toEqual([1, 2]);
    expect(rows('stable').map((row) => row.position)).toEqual([1, 2]);
  });

  test('rebuild(name) replays one projector from scratch while running', async () => {
    await appendMany('s1', ['A', 'B', 'C']);
    const target = journal('target');
    const other = journal('other');
    const r = runner([target, other]);
    r.start();
    await r.waitFor(3);
    await r.rebuild('target');
    expect(target.inits).toBe(2);
    await r.waitFor(3);
    expect(rows('target').map((row) => row.position)).toEqual([1, 2, 3]);
    expect(rows('other').map((row) => row.position)).toEqual([1, 2, 3]);
    await expect(r.rebuild('unknown')).rejects.toThrow(/no projector named unknown/);
  });

  test('canHandle hands apply only the accepted events; a batch with none still moves the checkpoint', async () => {
    await appendMany('s1', ['A', 'A', 'A', 'B', 'A', 'A']); // batches of 3: [1, 2, 3] [4, 5, 6]
    const onlyB = journal('only_b', 1, { only: ['B'] });
    const r = runner([onlyB]);
    r.start();
    await r.waitFor(6);
    expect(onlyB.applied).toEqual([[4]]);
    expect(rows('only_b').map((row) => row.type)).toEqual(['B']);

    const last = await appendMany('s1', ['A', 'A']);
    await r.waitFor(last);
    expect(onlyB.applied).toEqual([[4]]);
    expect(checkpoint('only_b')).toEqual({ version: 1, position: 8 });
    expect(r.status()).toEqual([{ name: 'only_b', version: 1, position: 8 }]);
  });

  test('a read database with the former projection_checkpoints table keeps its positions', async () => {
    await appendMany('s1', ['A', 'B', 'C', 'D']);
    const existing = journal('kept');
    existing.init(db);
    db.exec("INSERT INTO kept (event_id, position, type) VALUES ('e1', 1, 'A'), ('e2', 2, 'B')");
    db.exec('CREATE TABLE projection_checkpoints (name TEXT PRIMARY KEY, version INTEGER NOT NULL, position INTEGER NOT NULL)');
    db.exec("INSERT INTO projection_checkpoints VALUES ('kept', 1, 2)");

    const kept = journal('kept');
    const r = runner([kept]);
    expect(kept.inits).toBe(0); // not rebuilt
    expect(db.prepare("SELECT name FROM sqlite_master WHERE name = 'projection_checkpoints'").get()).toBeUndefined();
    r.start();
    await r.waitFor(4);
    expect(rows('kept').map((row) => row.position)).toEqual([1, 2, 3, 4]);
  });

  test('the former names still work: ProjectionRunner with `projections`', async () => {
    await appendMany('s1', ['A', 'B']);
    const projection: Projection = journal('legacy');
    const r = new ProjectionRunner({ store, db, projections: [projection], onError: quiet });
    runners.push(r);
    r.start();
    await r.waitFor(2);
    expect(r.status()).toEqual([{ name: 'legacy', version: 1, position: 2 }]);
  });

  test('waitFor can time out', async () => {
    jest.useFakeTimers();
    try {
      const r = runner([journal('one')]);
      const waiting = r.waitFor(10, { timeoutMs: 1000 });
      jest.advanceTimersByTime(1000);
      await expect(waiting).rejects.toBeInstanceOf(ProjectionWaitTimeoutError);
    } finally {
      jest.useRealTimers();
    }
  });

  test('two projectors with one name are refused', () => {
    expect(() => new ProjectorRunner({ store, db, projectors: [journal('x'), journal('x')] })).toThrow(/two projectors are named x/);
  });
});

describe('ProjectorRunner on the SQLite store (read models in their own file)', () => {
  test('replays everything, including appends that land while catching up', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-projections-sqlite-'));
    const store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    const db = new Database(path.join(dir, 'read-models.sqlite'));
    try {
      for (let i = 0; i < 20; i++) await store.appendToStream(`s${i % 4}`, [event('A', { i }), event('B', { i })], { expectedRevision: 'any' });
      const runner = new ProjectorRunner({ store, db, projectors: [journal('everything')], batchSize: 7 });
      runner.start();
      const late = await store.appendToStream('late', [event('C', {})], { expectedRevision: 'no_stream' });
      await runner.waitFor(late.lastPosition);
      await runner.stop();
      const positions = (db.prepare('SELECT position FROM everything ORDER BY rowid').pluck().all() as number[]);
      expect(positions).toEqual(Array.from({ length: 41 }, (_, i) => i + 1));
    } finally {
      await store.close();
      db.close();
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });
});
