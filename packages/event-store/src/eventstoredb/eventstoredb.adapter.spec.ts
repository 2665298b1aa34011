/**
 * Runs the contract suite against a real EventStoreDB when EVENTSTORE_CONNECTION_STRING is set
 * (`docker compose up -d --wait eventstoredb`, see the README). No server can run on the CI
 * machines, so otherwise that run shows as one skipped test saying why. The suite always runs
 * over the in-process fake client, which follows the server's rules (idempotent appends,
 * exclusive subscription starts, tombstones and soft deletes); the specs beside this one check
 * what the contract cannot: races the server answers with success, lost connections, deadlines.
 */
import type { EventStoreDBClient } from '@eventstore/db-client';
import { describeEventStoreContract } from '../testing/event-store.contract';
import { FakeEventStoreDbClient } from '../testing/fake-eventstoredb-client';
import { EventStoreDbEventStore } from './eventstoredb.adapter';

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;
const SKIPPED = 'skipped: no EventStoreDB server (set EVENTSTORE_CONNECTION_STRING=esdb://localhost:2113?tls=false)';

if (connectionString) {
  describeEventStoreContract('eventstoredb', async ({ clock }) => {
    const store = EventStoreDbEventStore.connect(connectionString, { clock });
    return { store, isolated: false, uniqueEventIdsAcrossStreams: false, deleteRemovesFromAll: true, atomicAppendMany: false, dispose: () => store.close() };
  });
} else {
  console.info(SKIPPED);
  describe('EventStore contract: eventstoredb', () => {
    test.skip(SKIPPED, () => undefined);
  });
}

describeEventStoreContract('eventstoredb adapter over a fake client (not a server run)', async ({ clock }) => {
  const store = new EventStoreDbEventStore(new FakeEventStoreDbClient() as unknown as EventStoreDBClient, { clock });
  return { store, isolated: true, uniqueEventIdsAcrossStreams: false, deleteRemovesFromAll: true, atomicAppendMany: false, dispose: () => store.close() };
});

describe('EventStoreDbEventStore', () => {
  test('refuses event ids that are not UUIDs (EventStoreDB requires them)', async () => {
    const store = new EventStoreDbEventStore(new FakeEventStoreDbClient() as unknown as EventStoreDBClient);
    await expect(store.appendToStream('s', [{ type: 'A', data: {}, metadata: { eventId: 'not-a-uuid', schemaVersion: 1 } }], { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'INVALID_APPEND',
      reason: 'INVALID_EVENT_ID',
    });
    await store.close();
  });
});
