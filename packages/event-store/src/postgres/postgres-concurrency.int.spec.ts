/**
 * Two store objects with pools of their own on one schema, as two API processes on two hosts:
 * the expected-revision check, event-id dedupe and uniqueness hold between them.
 */
import { EventIdConflictError, WrongExpectedRevisionError } from '../event-store.errors';
import { verifyStore } from '../hash-chain';
import { event } from '../testing/event-store.contract';
import type { PostgresEventStore } from './postgres-event-store.adapter';
import { describeWithPostgres, TestSchemas } from './postgres-test-database.fixture';

const ROUNDS = 20;

describeWithPostgres('PostgresEventStore across two processes', () => {
  const schemas = new TestSchemas();
  let a: PostgresEventStore;
  let b: PostgresEventStore;
  beforeEach(async () => {
    const schema = schemas.newSchema();
    [a, b] = await Promise.all([schemas.open({ schema }), schemas.open({ schema })]);
  });
  afterEach(async () => {
    await Promise.all([schemas.close(a), schemas.close(b)]);
  });
  afterAll(() => schemas.dispose());

  test('two appends with the same expected revision on one stream: exactly one wins', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const streamId = `family-${round}`;
      await a.appendToStream(streamId, [event('Registered', {})], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled([
        a.appendToStream(streamId, [event('FromA', {})], { expectedRevision: 0 }),
        b.appendToStream(streamId, [event('FromB', {})], { expectedRevision: 0 }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const loser = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(loser?.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(loser?.reason).toMatchObject({ streamId, expected: 0, actual: 1 });
      expect((await b.readStream(streamId)).events).toHaveLength(2);
    }
    expect(await verifyStore(b)).toMatchObject({ ok: true, eventsChecked: 2 * ROUNDS, streamsChecked: ROUNDS });
  });

  test('two processes creating one stream: exactly one wins', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const streamId = `created-${round}`;
      const outcomes = await Promise.allSettled([
        a.appendToStream(streamId, [event('Created', { by: 'a' })], { expectedRevision: 'no_stream' }),
        b.appendToStream(streamId, [event('Created', { by: 'b' })], { expectedRevision: 'no_stream' }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect((await a.readStream(streamId)).events).toHaveLength(1);
    }
  });

  test('the same append sent to both at once: written once, the other answers deduplicated with the original result', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const streamId = `retried-${round}`;
      const batch = [event('Requested', { round }), event('Confirmed', { round })];
      const [fromA, fromB] = await Promise.all([
        a.appendToStream(streamId, batch, { expectedRevision: 'no_stream' }),
        b.appendToStream(streamId, batch, { expectedRevision: 'no_stream' }),
      ]);
      expect([fromA.deduplicated, fromB.deduplicated].sort()).toEqual([false, true]);
      expect({ ...fromA, deduplicated: false }).toEqual({ ...fromB, deduplicated: false });
      expect((await a.readStream(streamId)).events.map((e) => e.metadata.eventId)).toEqual(batch.map((e) => e.metadata.eventId));
    }
  });

  test('one event id sent to two streams at once: one stream gets it, the other EVENT_ID_CONFLICT', async () => {
    for (let round = 0; round < ROUNDS; round++) {
      const shared = event('Paid', { round });
      const outcomes = await Promise.allSettled([
        a.appendToStream(`left-${round}`, [shared], { expectedRevision: 'no_stream' }),
        b.appendToStream(`right-${round}`, [shared], { expectedRevision: 'no_stream' }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      expect(outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected')?.reason).toBeInstanceOf(EventIdConflictError);
    }
  });

  test("positions increase in commit order across both processes' writers", async () => {
    const writes = Array.from({ length: 40 }, (_, i) => (i % 2 ? a : b).appendToStream(`w-${i % 8}`, [event('Tick', { i })], { expectedRevision: 'any' }));
    const results = await Promise.all(writes);
    const all = await a.readAll();
    expect(all).toHaveLength(40);
    for (let i = 1; i < all.length; i++) expect(all[i].position).toBeGreaterThan(all[i - 1].position);
    expect(new Set(results.map((r) => r.lastPosition))).toEqual(new Set(all.map((e) => e.position)));
    expect(await verifyStore(a)).toMatchObject({ ok: true, eventsChecked: 40, streamsChecked: 8 });
  });
});
