/**
 * Global order without holes. A writer's transaction is held open (a raw connection running the
 * adapter's own append transaction) while the store appends to other streams and a subscriber
 * reads: nothing may be delivered past the held event before it commits, and it must not be
 * skipped. The same scenario with a writer that takes its position without the append lock (a
 * plain identity value, as a bigserial would give) shows the hole this prevents: the later
 * events commit first, the subscriber moves past the held position and never delivers that event.
 */
import type { PoolClient } from 'pg';
import { prepareAppend } from '../append-rules';
import type { StoredEvent, Subscription } from '../event-store.port';
import { Collector, event } from '../testing/event-store.contract';
import { beginAppendTransaction, writeAppendBatch } from './postgres-append-transaction';
import { PostgresEventStore } from './postgres-event-store.adapter';
import { StoreSchema, storeSchema } from './postgres-schema';
import { describeWithPostgres, TestSchemas, waitUntil } from './postgres-test-database.fixture';

const LATER_WRITERS = 5;

const typeAtPosition = (e: StoredEvent) => `${e.type}@${e.position}`;

/** Starts a transaction that writes one event of stream `held` and leaves it open. */
type HeldWriter = (client: PoolClient, schema: StoreSchema) => Promise<void>;

const throughTheAdapter: HeldWriter = async (client, schema) => {
  await beginAppendTransaction(client, schema);
  const [outcome] = await writeAppendBatch(client, schema, [{ parts: [{ streamId: 'held', expected: 'no_stream', events: prepareAppend('held', [event('Held', {})], 'no_stream') }] }], new Date().toISOString());
  if (!('results' in outcome)) throw outcome.error;
};

/** The broken variant: the position is drawn with no lock, so it can commit after larger ones. */
const withoutTheLock: HeldWriter = async (client, schema) => {
  await client.query('BEGIN');
  await client.query(`INSERT INTO ${schema.events} (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES ('held', 0, $1, 'Held', '{}', '{}', now())`, [
    event('Held', {}).metadata.eventId,
  ]);
};

describeWithPostgres('PostgreSQL global order', () => {
  const schemas = new TestSchemas();
  const subscriptions: Subscription[] = [];
  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
  });
  afterAll(() => schemas.dispose());

  /** Waiters on this schema's append lock (the store's batch, once the held writer has it). */
  async function appendLockWaiters(schema: StoreSchema): Promise<number> {
    const [lockClass, lockKey] = schema.appendLock;
    const { rows } = await schemas.admin.query<{ waiting: string }>(
      "SELECT count(*) AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted AND classid = $1::bigint::oid AND objid = $2::bigint::oid AND objsubid = 2",
      [lockClass, lockKey >>> 0],
    );
    return Number(rows[0].waiting);
  }

  /**
   * Runs the scenario and returns what the subscriber delivered and what the store holds once
   * everything has committed and the subscriber has caught up with the head.
   */
  async function runScenario(heldWriter: HeldWriter): Promise<{ readableWhileHeld: string[]; delivered: StoredEvent[]; stored: readonly StoredEvent[] }> {
    const name = schemas.newSchema();
    const schema = storeSchema(name);
    const store: PostgresEventStore = await schemas.open({ schema: name, pollIntervalMs: 10 });
    await store.appendToStream('before', [event('Before', {})], { expectedRevision: 'no_stream' });
    const collector = new Collector(() => true);
    subscriptions.push(store.subscribeToAll({ after: 0, handler: collector.handler }));
    await collector.until(1);

    const held = await schemas.admin.connect();
    let readableWhileHeld: string[];
    try {
      await heldWriter(held, schema);
      let laterSettled = false;
      const later = Promise.all(
        Array.from({ length: LATER_WRITERS }, (_, i) => store.appendToStream(`later-${i}`, [event('Later', { i })], { expectedRevision: 'no_stream' })),
      ).finally(() => {
        laterSettled = true;
      });
      // Either the later appends wait for the held writer's lock, or (without the lock) they commit.
      await waitUntil('the later appends wait for the append lock or have committed', async () => laterSettled || (await appendLockWaiters(schema)) > 0);
      // Let the subscriber deliver whatever is readable now, with the held transaction still open.
      const readableNow = await store.readAll();
      readableWhileHeld = readableNow.map((e) => e.type);
      await collector.until(readableNow.length);
      await held.query('COMMIT');
      await later;
    } finally {
      held.release();
    }

    const stored = await store.readAll();
    const head = await store.headPosition();
    // Deliveries come in position order: once the head is delivered, nothing more will be.
    await waitUntil('the subscriber delivers the head', () => collector.events.some((e) => e.position === head));
    return { readableWhileHeld, delivered: collector.events, stored };
  }

  test('a writer holding its transaction open: the others wait, and nothing is delivered past it or skipped', async () => {
    const { readableWhileHeld, delivered, stored } = await runScenario(throughTheAdapter);
    expect(readableWhileHeld).toEqual(['Before']);
    expect(stored.map((e) => e.type)).toEqual(['Before', 'Held', ...Array<string>(LATER_WRITERS).fill('Later')]);
    expect(delivered.map(typeAtPosition)).toEqual(stored.map(typeAtPosition));
    for (let i = 1; i < stored.length; i++) expect(stored[i].position).toBeGreaterThan(stored[i - 1].position);
  });

  test('the same scenario catches a writer that takes its position without the lock: its event is skipped', async () => {
    const { readableWhileHeld, delivered, stored } = await runScenario(withoutTheLock);
    expect(readableWhileHeld).toEqual(['Before', ...Array<string>(LATER_WRITERS).fill('Later')]);
    const heldEvent = stored.find((e) => e.type === 'Held');
    // The held event has the smallest new position but committed last...
    expect(stored.map((e) => e.type)).toEqual(['Before', 'Held', ...Array<string>(LATER_WRITERS).fill('Later')]);
    // ...so the subscriber had already moved past it: delivered the later events, never the held one.
    expect(delivered.map((e) => e.type)).toEqual(['Before', ...Array<string>(LATER_WRITERS).fill('Later')]);
    expect(delivered.some((e) => e.position === heldEvent?.position)).toBe(false);
  });
});
