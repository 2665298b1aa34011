/**
 * Appends as a server treats them: an exact expected revision behind the stream with the same ids
 * is answered with success (so "deduplicated" must come from what was read back), a soft-deleted
 * stream takes the next append after its old events, sizes and availability have their own
 * answers, and only the stream's tail is read before writing.
 */
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { Clock } from '../clock';
import { controllableClock, event } from '../testing/event-store.contract';
import { FakeEventStoreDbClient } from '../testing/fake-eventstoredb-client';
import { verifyHashChain } from '../hash-chain';
import { EventStoreDbEventStore } from './eventstoredb.adapter';
import { describeOnServers, onFakeOnly } from './eventstoredb-servers.fixture';

const clockAt = (iso: string): Clock => controllableClock(iso);

describeOnServers('EventStoreDB appends', (server) => {
  test('two processes appending the same ids at the same revision: exactly one reports deduplicated: false', async () => {
    const stream = server().stream('race');
    const first = server().store({ clock: clockAt('2026-09-01T08:00:00.000Z') });
    const second = server().store({ clock: clockAt('2026-09-01T08:00:00.001Z') });
    await first.appendToStream(stream, [event('Opened', {})], { expectedRevision: 'no_stream' });
    const batch = [event('Numbered', { n: 1 }), event('Paid', { cents: 500 })];

    const results = await Promise.all([first.appendToStream(stream, batch, { expectedRevision: 0 }), second.appendToStream(stream, batch, { expectedRevision: 0 })]);

    expect(results.map((result) => result.deduplicated).sort()).toEqual([false, true]);
    expect(results[0]).toMatchObject({ nextExpectedRevision: 2, lastPosition: results[1].lastPosition });
    const { events } = await first.readStream(stream);
    expect(events.map((e) => e.type)).toEqual(['Opened', 'Numbered', 'Paid']);
    expect(verifyHashChain(events)).toEqual({ ok: true, eventsChecked: 3 });
  });

  test('one process appending the same ids twice at once: exactly one reports deduplicated: false', async () => {
    const stream = server().stream('double-click');
    const store = server().store({ clock: clockAt('2026-09-01T08:00:00.000Z') });
    await store.appendToStream(stream, [event('Opened', {})], { expectedRevision: 'no_stream' });
    const batch = [event('Numbered', { n: 1 })];

    const results = await Promise.all([store.appendToStream(stream, batch, { expectedRevision: 0 }), store.appendToStream(stream, batch, { expectedRevision: 0 })]);

    expect(results.map((result) => result.deduplicated).sort()).toEqual([false, true]);
    expect((await store.readStream(stream)).events.map((e) => e.type)).toEqual(['Opened', 'Numbered']);
  });

  test('a replay of an older batch is deduplicated, with any expected revision, long after it was written', async () => {
    const stream = server().stream('old-replay');
    const store = server().store();
    const original = [event('Numbered', { n: 1 })];
    const first = await store.appendToStream(stream, original, { expectedRevision: 'no_stream' });
    for (let n = 2; n <= 6; n++) await store.appendToStream(stream, [event('Numbered', { n })], { expectedRevision: 'any' });
    // Another process, which never saw the stream: it must find the ids in the stream itself.
    const later = server().store();
    for (const expectedRevision of ['any', 'stream_exists', 5, 'no_stream'] as const) {
      expect(await later.appendToStream(stream, original, { expectedRevision })).toEqual({ ...first, deduplicated: true });
    }
    expect((await store.readStream(stream)).events).toHaveLength(6);
  });

  test('a soft-deleted stream refuses the append its old revisions would misplace, and nothing is written', async () => {
    const stream = server().stream('soft-deleted');
    const store = server().store();
    await store.appendToStream(stream, [event('A', {}), event('B', {})], { expectedRevision: 'no_stream' });
    await server().client.deleteStream(stream); // an operator's soft delete (not the adapter's R17 tombstone)

    for (const expectedRevision of ['no_stream', 'any'] as const) {
      await expect(store.appendToStream(stream, [event('C', {})], { expectedRevision })).rejects.toMatchObject({ code: 'STREAM_DELETED' });
    }
    expect(await store.readStream(stream)).toEqual({ events: [], currentRevision: -1, streamExists: false });
  });

  test('an append above the maximum append size is refused with INVALID_APPEND before it is sent', async () => {
    const stream = server().stream('too-large');
    const store = server().store({ maxAppendSize: 10_000 });
    await expect(store.appendToStream(stream, [event('Big', { text: 'x'.repeat(12_000) })], { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'INVALID_APPEND',
      reason: 'INVALID_EVENT',
    });
    expect((await store.readStream(stream)).streamExists).toBe(false);
  });
}, { recentEventIds: 3 }); // the fake forgets ids as a busy server does

onFakeOnly('EventStoreDB appends', (server) => {
  test('an append reads only the tail of the stream once this process knows it, always from the leader', async () => {
    const stream = server().stream('tail');
    const store = server().store();
    await store.appendToStream(stream, Array.from({ length: 40 }, (_, n) => event('N', { n })), { expectedRevision: 'no_stream' });
    const before = server().fake.recordedCalls.length;

    await store.appendToStream(stream, [event('Next', {})], { expectedRevision: 39 });

    const calls = server().fake.recordedCalls.slice(before).filter((call) => call.streamId === stream);
    expect(calls.map((call) => call.operation)).toContain('append');
    for (const call of calls) expect(call.options.requiresLeader).toBe(true);
    const reads = server().fake.recordedCalls.slice(before).filter((call) => call.operation === 'readStream');
    expect(reads.length).toBeGreaterThan(0);
    expect(reads.length).toBeLessThanOrEqual(3);
  });

  test('an append above what the server accepts is refused with INVALID_APPEND, nothing written', async () => {
    const fake = new FakeEventStoreDbClient({ maxAppendSize: 2_000 });
    const store = new EventStoreDbEventStore(fake as unknown as EventStoreDBClient);
    await expect(store.appendToStream('big', [event('Big', { text: 'x'.repeat(3_000) })], { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'INVALID_APPEND',
      reason: 'INVALID_EVENT',
    });
    expect((await store.readStream('big')).streamExists).toBe(false);
    await store.close();
  });

  test.each(['unavailable', 'deadline-exceeded', 'cancelled', 'timeout'] as const)('a server %s answer is STORE_UNAVAILABLE', async (error) => {
    const stream = server().stream('down');
    const store = server().store();
    server().fake.failNext({ operation: 'append', error });
    await expect(store.appendToStream(stream, [event('A', {})], { expectedRevision: 'any' })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    expect((await store.readStream(stream)).streamExists).toBe(false);
  });

  test('a node that is no longer the leader: the append is tried again once the client has moved', async () => {
    const stream = server().stream('not-leader');
    const store = server().store();
    server().fake.failNext({ operation: 'append', error: 'not-leader' });
    expect(await store.appendToStream(stream, [event('A', {})], { expectedRevision: 'no_stream' })).toMatchObject({ nextExpectedRevision: 0, deduplicated: false });
  });

  test('a leader read answered by a follower: the append is tried again once the client has moved', async () => {
    const stream = server().stream('follower-read');
    const store = server().store();
    server().fake.failNext({ operation: 'readStream', error: 'not-leader', streamId: stream });
    expect(await store.appendToStream(stream, [event('A', {})], { expectedRevision: 'no_stream' })).toMatchObject({ nextExpectedRevision: 0, deduplicated: false });
  });

  test('an append whose answer was lost after the write is deduplicated when tried again', async () => {
    const stream = server().stream('lost-answer');
    const store = server().store();
    const batch = [event('Paid', { cents: 500 })];
    server().fake.failNext({ operation: 'append', error: 'deadline-exceeded', afterWrite: true });
    await expect(store.appendToStream(stream, batch, { expectedRevision: 'no_stream' })).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE', outcomeUnknown: true });
    expect(await store.appendToStream(stream, batch, { expectedRevision: 'no_stream' })).toMatchObject({ nextExpectedRevision: 0, deduplicated: true });
    expect((await store.readStream(stream)).events).toHaveLength(1);
  });

  test('a multi-stream append failing between its parts leaves the first written; the same call again writes the rest', async () => {
    const family = server().stream('many-family');
    const record = server().stream('many-record');
    const store = server().store();
    const parts = [
      { streamId: family, events: [event('Reserved', { n: 1 }), event('Held', { n: 2 })], expectedRevision: 'no_stream' as const },
      { streamId: record, events: [event('Answered', { status: 201 })], expectedRevision: 'no_stream' as const },
    ];
    server().fake.failNext({ operation: 'append', error: 'unavailable', streamId: record });

    await expect(store.appendMany(parts)).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((await store.readStream(family)).events.map((e) => e.type)).toEqual(['Reserved', 'Held']);
    expect((await store.readStream(record)).streamExists).toBe(false);

    const retried = await store.appendMany(parts);
    expect(retried.streams.map((result) => result.deduplicated)).toEqual([true, false]);
    expect(retried.deduplicated).toBe(false);
    expect((await store.readStream(record)).events.map((e) => e.type)).toEqual(['Answered']);
    expect((await store.appendMany(parts)).deduplicated).toBe(true);
  });

  test('a multi-stream append whose later part is refused by its checks writes nothing, not even the first part', async () => {
    const family = server().stream('many-refused');
    const record = server().stream('many-refused-record');
    const store = server().store();
    await store.appendToStream(record, [event('Answered', {})], { expectedRevision: 'no_stream' });
    const before = server().fake.recordedCalls.filter((call) => call.operation === 'append').length;
    await expect(
      store.appendMany([
        { streamId: family, events: [event('Reserved', {})], expectedRevision: 'no_stream' },
        { streamId: record, events: [event('Answered', {})], expectedRevision: 'no_stream' },
      ]),
    ).rejects.toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: record, actual: 0 });
    expect(server().fake.recordedCalls.filter((call) => call.operation === 'append')).toHaveLength(before);
    expect((await store.readStream(family)).streamExists).toBe(false);
  });

  test('a client that resolves conflicts instead of rejecting (throwOnAppendFailure=false) is refused', () => {
    const fake = new FakeEventStoreDbClient({ throwOnAppendFailure: false });
    expect(() => new EventStoreDbEventStore(fake as unknown as EventStoreDBClient)).toThrow(/throwOnAppendFailure/);
  });
});
