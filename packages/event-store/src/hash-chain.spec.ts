import Database from 'better-sqlite3';
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { canonicalJson } from './canonical-json';
import type { StoredEvent } from './event-store.port';
import { computeEventHash, hashOfStoredEvent, verifyHashChain, verifyStore } from './hash-chain';
import { InMemoryEventStore } from './memory/in-memory-event-store.adapter';
import { SqliteEventStore } from './sqlite/sqlite-event-store.adapter';
import { controllableClock, event } from './testing/event-store.contract';

async function chain(): Promise<StoredEvent[]> {
  const store = new InMemoryEventStore({ clock: controllableClock() });
  await store.appendToStream('family-1', [event('A', { n: 1 }), event('B', { n: 2 }), event('C', { n: 3 }), event('D', { n: 4 })], { expectedRevision: 'no_stream' });
  return [...(await store.readStream('family-1')).events];
}

const edit = (e: StoredEvent, change: Partial<StoredEvent>): StoredEvent => ({ ...e, ...change });

describe('hash chain', () => {
  test('the hash is SHA-256 over previousHash + canonical {data, metadata without hashes, revision, streamId, type}', async () => {
    const [first, second] = await chain();
    const { hash: _h, previousHash: _p, ...metadata } = second.metadata;
    const expected = createHash('sha256')
      .update(first.metadata.hash + canonicalJson({ type: 'B', streamId: 'family-1', revision: 1, data: { n: 2 }, metadata }))
      .digest('hex');
    expect(second.metadata.hash).toBe(expected);
    expect(computeEventHash(first.metadata.hash, 'family-1', 1, 'B', '{"n":2}', canonicalJson(metadata))).toBe(expected);
    expect(hashOfStoredEvent(second)).toBe(expected);
  });

  test('an intact chain verifies', async () => {
    expect(verifyHashChain(await chain())).toEqual({ ok: true, eventsChecked: 4 });
  });

  test('edited data is located at the edited event', async () => {
    const events = await chain();
    events[2] = edit(events[2], { data: { n: 300 } });
    expect(verifyHashChain(events)).toMatchObject({ ok: false, streamId: 'family-1', revision: 2, position: events[2].position, reason: 'HASH_MISMATCH' });
  });

  test('edited metadata (e.g. the actor or recordedAt) is detected', async () => {
    const events = await chain();
    events[1] = edit(events[1], { metadata: { ...events[1].metadata, recordedAt: '2020-01-01T00:00:00.000Z' } });
    expect(verifyHashChain(events)).toMatchObject({ ok: false, revision: 1, reason: 'HASH_MISMATCH' });
  });

  test('an edit with its own hash recomputed breaks the link to the next event', async () => {
    const events = await chain();
    const forged = edit(events[1], { data: { n: 200 } });
    events[1] = edit(forged, { metadata: { ...forged.metadata, hash: hashOfStoredEvent(forged) } });
    expect(verifyHashChain(events)).toMatchObject({ ok: false, revision: 2, reason: 'BROKEN_LINK' });
  });

  test('a removed event is reported as a revision gap', async () => {
    const events = await chain();
    events.splice(1, 1);
    expect(verifyHashChain(events)).toMatchObject({ ok: false, revision: 2, reason: 'REVISION_GAP' });
    expect(verifyHashChain(events.slice(1))).toMatchObject({ ok: false, revision: 2, reason: 'REVISION_GAP' });
  });

  test('a partial read may start mid-stream when asked', async () => {
    expect(verifyHashChain((await chain()).slice(2), { allowPartial: true })).toEqual({ ok: true, eventsChecked: 2 });
  });

  test('an event moved to another stream does not verify there', async () => {
    const [first] = await chain();
    expect(verifyHashChain([edit(first, { streamId: 'family-2' })])).toMatchObject({ ok: false, streamId: 'family-2', reason: 'HASH_MISMATCH' });
  });

  test('a first event with a previousHash, or an event without hash, is reported', async () => {
    const [first] = await chain();
    expect(verifyHashChain([edit(first, { metadata: { ...first.metadata, previousHash: 'ab' } })])).toMatchObject({ ok: false, reason: 'BROKEN_LINK' });
    const { hash: _hash, ...withoutHash } = first.metadata;
    expect(verifyHashChain([edit(first, { metadata: withoutHash as StoredEvent['metadata'] })])).toMatchObject({ ok: false, reason: 'MISSING_HASH' });
  });

  describe('verifyStore on a SQLite file edited behind the store', () => {
    let dir: string;
    let file: string;
    let store: SqliteEventStore;
    beforeEach(async () => {
      dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-verify-'));
      file = path.join(dir, 'events.sqlite');
      store = new SqliteEventStore(file);
      await store.appendToStream('family-1', [event('A', {}), event('B', {}), event('C', {})], { expectedRevision: 'no_stream' });
      await store.appendToStream('family-2', [event('A', {}), event('B', {})], { expectedRevision: 'no_stream' });
    });
    afterEach(async () => {
      await store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    });
    const sql = (statement: string) => {
      const db = new Database(file);
      db.exec(statement);
      db.close();
    };

    test('a deleted middle row is a revision gap', async () => {
      sql("DELETE FROM events WHERE stream_id = 'family-1' AND revision = 1");
      expect(await verifyStore(store)).toMatchObject({ ok: false, streamId: 'family-1', revision: 2, reason: 'REVISION_GAP' });
    });

    test('deleted last rows are a truncation', async () => {
      sql("DELETE FROM events WHERE stream_id = 'family-2' AND revision = 1");
      expect(await verifyStore(store)).toMatchObject({ ok: false, streamId: 'family-2', revision: 1, reason: 'TRUNCATED' });
    });

    test('pages through big stores', async () => {
      expect(await verifyStore(store, { pageSize: 2 })).toEqual({ ok: true, eventsChecked: 5, streamsChecked: 2 });
    });
  });
});
