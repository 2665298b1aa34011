/**
 * How subscriptions learn of other processes' appends: LISTEN/NOTIFY wakes them at once, polling
 * delivers what a lost notification did not announce, and the listener comes back after its
 * connection is cut.
 */
import { prepareAppend } from '../append-rules';
import type { Subscription } from '../event-store.port';
import { Collector, event } from '../testing/event-store.contract';
import { beginAppendTransaction, commitAppendTransaction, writeAppendBatch } from './postgres-append-transaction';
import { storeSchema } from './postgres-schema';
import { describeWithPostgres, TestSchemas, waitUntil } from './postgres-test-database.fixture';

/** Longer than any test here: a subscription with it is woken by notifications or not at all. */
const NO_POLLING_MS = 600_000;

describeWithPostgres('PostgreSQL subscriptions across processes', () => {
  const schemas = new TestSchemas();
  const subscriptions: Subscription[] = [];
  afterEach(async () => {
    await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
  });
  afterAll(() => schemas.dispose());

  /** Backends LISTENing on the schema's channel. */
  async function listenerPids(channel: string): Promise<number[]> {
    const { rows } = await schemas.admin.query<{ pid: number }>('SELECT pid FROM pg_stat_activity WHERE query = $1', [`LISTEN ${channel}`]);
    return rows.map((row) => row.pid);
  }

  test("a notification wakes another process's subscription without polling", async () => {
    const schema = schemas.newSchema();
    const reader = await schemas.open({ schema, pollIntervalMs: NO_POLLING_MS });
    const writer = await schemas.open({ schema });
    const collector = new Collector(() => true);
    subscriptions.push(reader.subscribeToAll({ after: 0, handler: collector.handler }));
    await waitUntil('the listener listens', async () => (await listenerPids(storeSchema(schema).channel)).length === 1);
    await writer.appendToStream('s', [event('A', {})], { expectedRevision: 'no_stream' });
    await collector.until(1);
    await writer.appendToStream('s', [event('B', {}), event('C', {})], { expectedRevision: 0 });
    await collector.until(3);
    expect(collector.events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
  });

  test('an append whose notification is lost is still delivered, by polling', async () => {
    const name = schemas.newSchema();
    const reader = await schemas.open({ schema: name, pollIntervalMs: 20 });
    const collector = new Collector(() => true);
    subscriptions.push(reader.subscribeToAll({ after: 0, handler: collector.handler }));
    const schema = storeSchema(name);
    // Listening already: only polling can find what follows.
    await waitUntil('the listener listens', async () => (await listenerPids(schema.channel)).length === 1);
    // Another process's append committed without NOTIFY: the adapter's transaction, committed bare.
    const client = await schemas.admin.connect();
    try {
      await beginAppendTransaction(client, schema);
      await writeAppendBatch(client, schema, [{ parts: [{ streamId: 's', expected: 'no_stream', events: prepareAppend('s', [event('Unannounced', {})], 'no_stream') }] }], new Date().toISOString());
      await commitAppendTransaction(client, schema);
    } finally {
      client.release();
    }
    await collector.until(1);
    expect(collector.events.map((e) => e.type)).toEqual(['Unannounced']);
  });

  test('the listener reconnects after its connection is cut, and notifications wake subscriptions again', async () => {
    const schema = schemas.newSchema();
    const { channel } = storeSchema(schema);
    const reader = await schemas.open({ schema, pollIntervalMs: NO_POLLING_MS });
    const writer = await schemas.open({ schema });
    const collector = new Collector(() => true);
    subscriptions.push(reader.subscribeToAll({ after: 0, handler: collector.handler }));
    await waitUntil('the listener listens', async () => (await listenerPids(channel)).length === 1);
    const [first] = await listenerPids(channel);

    await schemas.admin.query('SELECT pg_terminate_backend($1)', [first]);
    await waitUntil('another listener connection listens', async () => {
      const pids = await listenerPids(channel);
      return pids.length === 1 && pids[0] !== first;
    });
    await writer.appendToStream('s', [event('AfterReconnect', {})], { expectedRevision: 'no_stream' });
    await collector.until(1);
    expect(collector.events.map((e) => e.type)).toEqual(['AfterReconnect']);
  });
});
