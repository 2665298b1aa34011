/**
 * The contract suite against a real PostgreSQL (a fresh schema per test), then what is particular
 * to this adapter: group commit, one bad append failing alone, the hashes SQLite gives, durability.
 */
import { randomBytes } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { DatabaseError } from 'pg';
import { WrongExpectedRevisionError } from '../event-store.errors';
import { verifyStore } from '../hash-chain';
import { SqliteEventStore } from '../sqlite/sqlite-event-store.adapter';
import { controllableClock, describeEventStoreContract, event } from '../testing/event-store.contract';
import { PostgresEventStore } from './postgres-event-store.adapter';
import { storeSchema } from './postgres-schema';
import { describeWithPostgres, TEST_POSTGRES_URL, TestSchemas } from './postgres-test-database.fixture';

describeWithPostgres('PostgresEventStore', () => {
  const schemas = new TestSchemas();
  afterAll(() => schemas.dispose());

  describeEventStoreContract('postgres', async ({ clock }) => {
    const schema = schemas.newSchema();
    const store = await schemas.open({ schema, clock });
    return {
      store,
      tamper: async (streamId, revision, data) => {
        const { rowCount } = await schemas.admin.query(`UPDATE ${storeSchema(schema).events} SET data = $1 WHERE stream_id = $2 AND revision = $3`, [
          JSON.stringify(data),
          streamId,
          revision,
        ]);
        if (rowCount !== 1) throw new Error(`no event ${streamId}@${revision}`);
      },
      isolated: true,
      uniqueEventIdsAcrossStreams: true,
      deleteRemovesFromAll: true,
      dispose: async () => {
        await schemas.close(store);
        await schemas.drop(schema);
      },
    };
  });

  describe('adapter', () => {
    test('appends issued in the same tick share one transaction; a conflicting one fails alone', async () => {
      let clockReads = 0;
      const base = controllableClock();
      const store = await schemas.open({
        clock: () => {
          clockReads++;
          base.advance(1);
          return base();
        },
      });
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
      const store = await schemas.open();
      const batch = [event('A', {}), event('B', {})];
      const [first, second] = await Promise.all([
        store.appendToStream('s', batch, { expectedRevision: 'no_stream' }),
        store.appendToStream('s', batch, { expectedRevision: 'no_stream' }),
      ]);
      expect(first.deduplicated).toBe(false);
      expect(second).toEqual({ ...first, deduplicated: true });
      expect((await store.readStream('s')).events).toHaveLength(2);
    });

    test('an append the server refuses fails alone: the rest of its batch is committed', async () => {
      const store = await schemas.open();
      // Random, so incompressible: too long for a b-tree index entry (PostgreSQL, not the port, refuses it).
      const tooLongId = randomBytes(8000).toString('hex');
      const outcomes = await Promise.allSettled([
        store.appendToStream('a', [event('A', {})], { expectedRevision: 'no_stream' }),
        store.appendToStream('b', [{ type: 'B', data: {}, metadata: { eventId: tooLongId, schemaVersion: 1 } }], { expectedRevision: 'no_stream' }),
        store.appendToStream('c', [event('C', {})], { expectedRevision: 'no_stream' }),
      ]);
      expect(outcomes.map((o) => o.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
      expect((outcomes[1] as PromiseRejectedResult).reason).toBeInstanceOf(DatabaseError);
      expect((await store.readAll()).map((e) => e.type)).toEqual(['A', 'C']);
    });

    test('stores the same hashes as the SQLite adapter for the same events, so a copied store verifies', async () => {
      const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-pg-vs-sqlite-'));
      const sqlite = new SqliteEventStore(path.join(dir, 'events.sqlite'), { clock: controllableClock() });
      try {
        const postgres = await schemas.open({ clock: controllableClock() });
        const appends = [
          ['family-1', [event('Registered', { name: 'Zoé', tags: ['é', '\u0000', 1e21, -0.5] }, { actor: { userId: 'u', role: 'agent' } })]],
          ['family-1', [event('Enrolled', { child: { b: 2, a: 1 } }), event('Paid', { cents: 350 })]],
          ['family-2', [event('Registered', null)]],
        ] as const;
        for (const [streamId, events] of appends) {
          await sqlite.appendToStream(streamId, events, { expectedRevision: 'any' });
          await postgres.appendToStream(streamId, events, { expectedRevision: 'any' });
        }
        const strip = (e: { streamId: string; revision: number; type: string; data: unknown; metadata: unknown }) => [e.streamId, e.revision, e.type, e.data, e.metadata];
        expect((await postgres.readAll()).map(strip)).toEqual((await sqlite.readAll()).map(strip));
        expect(await verifyStore(postgres)).toEqual({ ok: true, eventsChecked: 4, streamsChecked: 2 });
      } finally {
        await sqlite.close();
        fs.rmSync(dir, { recursive: true, force: true });
      }
    });

    test('refuses what PostgreSQL text cannot hold (U+0000) with a code, and reads such a stream as missing', async () => {
      const store = await schemas.open();
      await expect(store.appendToStream('a\u0000b', [event('A', {})], { expectedRevision: 'any' })).rejects.toMatchObject({ code: 'INVALID_APPEND', reason: 'INVALID_STREAM_ID' });
      await expect(store.appendToStream('s', [event('A\u0000', {})], { expectedRevision: 'any' })).rejects.toMatchObject({ code: 'INVALID_APPEND', reason: 'INVALID_EVENT' });
      await expect(store.readStream('a\u0000b')).resolves.toEqual({ events: [], currentRevision: -1, streamExists: false });
      // In JSON it is escaped, so data may hold it.
      await store.appendToStream('s', [event('A', { text: 'a\u0000b' })], { expectedRevision: 'no_stream' });
      expect((await store.readStream('s')).events[0].data).toEqual({ text: 'a\u0000b' });
    });

    test('close commits what was queued, then refuses calls', async () => {
      const store = await PostgresEventStore.open({ connectionString: TEST_POSTGRES_URL, schema: schemas.newSchema(), poolSize: 2 });
      const pending = store.appendToStream('s', [event('A', {})], { expectedRevision: 'no_stream' });
      await store.close();
      await expect(pending).resolves.toMatchObject({ nextExpectedRevision: 0, deduplicated: false });
      await expect(store.readAll()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
      await expect(store.appendToStream('s', [event('B', {})], { expectedRevision: 0 })).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    });

    test('refuses a session whose commits would not wait for the disk', async () => {
      const url = `${TEST_POSTGRES_URL}${TEST_POSTGRES_URL.includes('?') ? '&' : '?'}options=${encodeURIComponent('-c synchronous_commit=off')}`;
      await expect(PostgresEventStore.open({ connectionString: url, schema: schemas.newSchema() })).rejects.toMatchObject({ code: 'STORE_NOT_DURABLE' });
    });

    test('refuses a schema name it would have to quote', async () => {
      await expect(PostgresEventStore.open({ connectionString: TEST_POSTGRES_URL, schema: 'Events"; DROP' })).rejects.toThrow(/schema must match/);
    });
  });
});
