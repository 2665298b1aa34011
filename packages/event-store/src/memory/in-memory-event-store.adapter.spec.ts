import { describeEventStoreContract } from '../testing/event-store.contract';
import { tamperInMemoryEvent } from '../testing/tamper';
import { InMemoryEventStore } from './in-memory-event-store.adapter';

describeEventStoreContract('in-memory', async ({ clock }) => {
  const store = new InMemoryEventStore({ clock });
  return {
    store,
    tamper: (streamId, revision, data) => tamperInMemoryEvent(store, streamId, revision, data),
    isolated: true,
    uniqueEventIdsAcrossStreams: true,
    deleteRemovesFromAll: true,
    dispose: () => store.close(),
  };
});

describe('InMemoryEventStore', () => {
  test('events read back cannot be used to change the store', async () => {
    const store = new InMemoryEventStore();
    await store.appendToStream('s', [{ type: 'A', data: { n: 1 }, metadata: { eventId: 'e1', schemaVersion: 1 } }], { expectedRevision: 'no_stream' });
    const [read] = (await store.readStream('s')).events;
    (read.data as { n: number }).n = 99;
    expect((await store.readStream('s')).events[0].data).toEqual({ n: 1 });
  });

  test('a closed store refuses every call with STORE_CLOSED', async () => {
    const store = new InMemoryEventStore();
    await store.close();
    await expect(store.readAll()).rejects.toMatchObject({ code: 'STORE_CLOSED' });
    await expect(store.appendToStream('s', [{ type: 'A', data: {}, metadata: { eventId: 'e1', schemaVersion: 1 } }], { expectedRevision: 'any' })).rejects.toMatchObject({
      code: 'STORE_CLOSED',
    });
  });
});
