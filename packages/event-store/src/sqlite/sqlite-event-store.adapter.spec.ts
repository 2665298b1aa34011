import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { WrongExpectedRevisionError } from '../event-store.errors';
import type { Subscription } from '../event-store.port';
import { verifyStore } from '../hash-chain';
import { Collector, controllableClock, describeEventStoreContract, event } from '../testing/event-store.contract';
import { tamperSqliteEvent } from '../testing/tamper';
import { SqliteEventStore } from './sqlite-event-store.adapter';

const dirs: string[] = [];
function tempFile(): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-sqlite-store-'));
  dirs.push(dir);
  return path.join(dir, 'events.sqlite');
}
afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describeEventStoreContract('sqlite', async ({ clock }) => {
  const file = tempFile();
  const store = new SqliteEventStore(file, { clock });
  return {
    store,
    tamper: (streamId, revision, data) => tamperSqliteEvent(file, streamId, revision, data),
    isolated: true,
    uniqueEventIdsAcrossStreams: true,
    deleteRemovesFromAll: true,
    dispose: () => store.close(),
  };
});

describe('SqliteEventStore', () => {
  const open: { close(): Promise<void> | void }[] = [];
  afterEach(async () => {
    for (const item of open.splice(0).reverse()) await item.close();
  });
  function openStore(file: string, options: ConstructorParameters<typeof SqliteEventStore>[1] = {}): SqliteEventStore {
    const store = new SqliteEventStore(file, options);
    open.push(store);
    return store;
  }

  test('opens with WAL and synchronous=FULL, and refuses a database where WAL cannot hold', () => {
    const file = tempFile();
    openStore(file);
    const probe = new Database(file, { readonly: true });
    expect(probe.pragma('journal_mode', { simple: true })).toBe('wal');
    probe.close();
    expect(() => new SqliteEventStore(':memory:')).toThrow(expect.objectContaining({ code: 'STORE_NOT_DURABLE' }));
  });

  test('refuses a file written by a newer schema version', () => {
    const file = tempFile();
    const db = new Database(file);
    db.pragma('user_version = 99');
    db.close();
    expect(() => new SqliteEventStore(file)).toThrow(expect.objectContaining({ code: 'STORE_SCHEMA_TOO_NEW', found: 99 }));
  });

  test('readAllForReplay gives what readAll gives, with the schema version beside', async () => {
    const file = tempFile();
    const store = openStore(file);
    await store.appendToStream('s1', [event('A', { n: 1 }), event('B', { n: [2] }, { schemaVersion: 3 })], { expectedRevision: 'no_stream' });
    await store.appendToStream('s2', [event('C', {}), event('D', null)], { expectedRevision: 'no_stream' });
    // Versions the store refuses at append, written behind its back: read as JSON.parse reads them.
    const db = new Database(file);
    db.prepare("UPDATE events SET metadata = json_set(metadata, '$.schemaVersion', json('true')) WHERE position = 3").run();
    db.prepare("UPDATE events SET metadata = json_set(metadata, '$.schemaVersion', '2') WHERE position = 4").run();
    const plain = await store.readAll({ after: 1, limit: 3 });
    const replayed = await store.readAllForReplay({ after: 1, limit: 3 });
    expect(replayed.map((e) => e.schemaVersion)).toEqual([3, undefined, undefined]);
    expect(replayed.map((e) => ({ type: e.type, data: e.data, metadata: e.metadata, streamId: e.streamId, revision: e.revision, position: e.position }))).toEqual(plain);
    await expect(store.readAllForReplay({ after: -1 })).rejects.toMatchObject({ code: 'INVALID_READ' });

    db.close();
  });

  test('the schema itself forbids two events at one revision and one event id twice', async () => {
    const file = tempFile();
    const store = openStore(file);
    const first = event('A', {});
    await store.appendToStream('s', [first], { expectedRevision: 'no_stream' });
    const db = new Database(file);
    const insert = db.prepare("INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, 'A', '{}', '{}', 'x')");
    expect(() => insert.run('s', 0, 'other-id')).toThrow(/UNIQUE/);
    expect(() => insert.run('t', 0, first.metadata.eventId)).toThrow(/UNIQUE/);
    db.close();
  });

  test('appends issued in the same tick share one transaction; a conflicting one fails alone', async () => {
    let clockReads = 0;
    const base = controllableClock();
    const clock = () => {
      clockReads++;
      base.advance(1);
      return base();
    };
    const store = openStore(tempFile(), { clock });
    await store.appendToStream('shared', [event('Start', {})], { expectedRevision: 'no_stream' });
    clockReads = 0;
    const outcomes = await Promise.allSettled([
      ...Array.from({ length: 48 }, (_, i) => store.appendToStream(`own-${i}`, [event('A', { i }), event('B', { i })], { expectedRevision: 'no_stream' })),
      store.appendToStream('shared', [event('Left', {})], { expectedRevision: 0 }),
      store.appendToStream('shared', [event('Right', {})], { expectedRevision: 0 }),
    ]);
    // One clock read per transaction: all 50 appends were committed together.
    expect(clockReads).toBe(1);
    const rejected = outcomes.filter((o): o is PromiseRejectedResult => o.status === 'rejected');
    expect(rejected).toHaveLength(1);
    expect(rejected[0].reason).toBeInstanceOf(WrongExpectedRevisionError);
    expect(outcomes[49].status).toBe('rejected');
    const all = await store.readAll();
    expect(all).toHaveLength(1 + 96 + 1);
    expect(new Set(all.map((e) => e.metadata.recordedAt)).size).toBe(2);
    expect(await verifyStore(store)).toMatchObject({ ok: true, eventsChecked: 98, streamsChecked: 49 });
  });

  test('an append and a replay of it in the same transaction: the replay returns the original result', async () => {
    const store = openStore(tempFile());
    const batch = [event('A', {}), event('B', {})];
    const [first, second] = await Promise.all([
      store.appendToStream('s', batch, { expectedRevision: 'no_stream' }),
      store.appendToStream('s', batch, { expectedRevision: 'no_stream' }),
    ]);
    expect(first.deduplicated).toBe(false);
    expect(second).toEqual({ ...first, deduplicated: true });
    expect((await store.readStream('s')).events).toHaveLength(2);
  });

  test('data survives closing and reopening the file, with the chain intact', async () => {
    const file = tempFile();
    const store = new SqliteEventStore(file);
    await store.appendToStream('s', [event('A', { n: 1 })], { expectedRevision: 'no_stream' });
    const pending = store.appendToStream('s', [event('B', { n: 2 })], { expectedRevision: 0 });
    await store.close(); // flushes what was queued before closing
    await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 1 });
    const reopened = openStore(file);
    expect((await reopened.readStream('s')).events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
    expect(await verifyStore(reopened)).toMatchObject({ ok: true, eventsChecked: 2 });
    await expect(store.readAll()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
  });

  describe('two connections on one file (as two API processes)', () => {
    const subscriptions: Subscription[] = [];
    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((s) => s.stop()));
    });

    test('the revision check holds across connections and positions keep increasing', async () => {
      const file = tempFile();
      const a = openStore(file);
      const b = openStore(file);
      await a.appendToStream('family-1', [event('Registered', {})], { expectedRevision: 'no_stream' });
      await expect(b.appendToStream('family-1', [event('Registered', {})], { expectedRevision: 'no_stream' })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      const fromB = await b.appendToStream('family-1', [event('Enrolled', {})], { expectedRevision: 0 });
      await expect(a.appendToStream('family-1', [event('Enrolled', {})], { expectedRevision: 0 })).rejects.toMatchObject({ actual: 1 });
      const fromA = await a.appendToStream('family-2', [event('Registered', {})], { expectedRevision: 'no_stream' });
      expect(fromA.lastPosition).toBeGreaterThan(fromB.lastPosition);
      expect(await verifyStore(b)).toMatchObject({ ok: true, eventsChecked: 3 });
    });

    test("a live subscription sees the other connection's appends (by polling)", async () => {
      const file = tempFile();
      const reader = openStore(file, { pollIntervalMs: 5 });
      const writer = openStore(file);
      const collector = new Collector(() => true);
      subscriptions.push(reader.subscribeToAll({ after: 0, handler: collector.handler }));
      await writer.appendToStream('s', [event('A', {})], { expectedRevision: 'no_stream' });
      await collector.until(1);
      await writer.appendToStream('s', [event('B', {}), event('C', {})], { expectedRevision: 0 });
      await collector.until(3);
      expect(collector.events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });
  });
});
