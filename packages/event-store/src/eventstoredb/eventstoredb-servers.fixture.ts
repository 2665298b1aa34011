/**
 * The servers the EventStoreDB specs run on: always the in-process fake client; a real server as
 * well when EVENTSTORE_CONNECTION_STRING is set, each test's streams under a fresh prefix (a
 * shared server holds other runs' streams, so whole-store checks are made only on the fake).
 * Faults can be injected only into the fake: specs that need them use `onFakeOnly`.
 */
import { randomUUID } from 'node:crypto';
import { EventStoreDBClient } from '@eventstore/db-client';
import type { StoredEvent } from '../event-store.port';
import { FakeEventStoreDbClient, FakeEventStoreDbClientOptions } from '../testing/fake-eventstoredb-client';
import { EventStoreDbEventStore } from './eventstoredb.adapter';
import type { EventStoreDbEventStoreOptions } from './eventstoredb.options';

export interface TestServer {
  readonly name: string;
  /** A new adapter with a client of its own: another process on the same server. */
  store(options?: EventStoreDbEventStoreOptions): EventStoreDbEventStore;
  /** A raw client, to act as an operator would (soft delete…). */
  readonly client: EventStoreDBClient;
  /** The fake's handle (faults, recorded calls, open calls); undefined on a real server. */
  readonly fake?: FakeEventStoreDbClient;
  /** A stream id of this test only. */
  stream(label: string): string;
  /** Whether an event belongs to this test. */
  ours(event: StoredEvent): boolean;
  /** True when this test's streams are the only ones on the server. */
  readonly isolated: boolean;
  dispose(): Promise<void>;
}

const connectionString = process.env.EVENTSTORE_CONNECTION_STRING;

function fakeServer(options: FakeEventStoreDbClientOptions): TestServer {
  const fake = new FakeEventStoreDbClient(options);
  return testServer('fake client', fake as unknown as EventStoreDBClient, (storeOptions) => new EventStoreDbEventStore(fake.connect() as unknown as EventStoreDBClient, storeOptions), true, fake);
}

function realServer(url: string): TestServer {
  return testServer('EventStoreDB server', EventStoreDBClient.connectionString(url), (storeOptions) => EventStoreDbEventStore.connect(url, storeOptions), false);
}

function testServer(
  name: string,
  client: EventStoreDBClient,
  open: (options: EventStoreDbEventStoreOptions) => EventStoreDbEventStore,
  isolated: boolean,
  fake?: FakeEventStoreDbClient,
): TestServer {
  const prefix = `esdb-spec-${randomUUID().slice(0, 8)}-`;
  const stores: EventStoreDbEventStore[] = [];
  return {
    name,
    client,
    fake,
    isolated,
    store: (options = {}) => {
      const store = open(options);
      stores.push(store);
      return store;
    },
    stream: (label) => `${prefix}${label}`,
    ours: (event) => event.streamId.startsWith(prefix),
    dispose: async () => {
      await Promise.all(stores.map((store) => store.close()));
      await client.dispose();
    },
  };
}

/**
 * Declares `body` once per server: the fake always, a real server when one is configured.
 * `server()` is a fresh server view per test (disposed after it).
 */
export function describeOnServers(title: string, body: (server: () => TestServer) => void, fakeOptions: FakeEventStoreDbClientOptions = {}): void {
  const targets: [string, () => TestServer][] = [['fake client', () => fakeServer(fakeOptions)]];
  if (connectionString) targets.push(['EventStoreDB server', () => realServer(connectionString)]);
  describe.each(targets)(`${title} (%s)`, (_name, create) => {
    let current: TestServer | undefined;
    beforeEach(() => {
      current = create();
    });
    afterEach(async () => {
      await current?.dispose();
      current = undefined;
    });
    body(() => {
      if (!current) throw new Error('no server outside a test');
      return current;
    });
  });
}

/** Declares `body` on the fake alone: what needs injected faults or the fake's accounting. */
export function onFakeOnly(title: string, body: (server: () => TestServer & { readonly fake: FakeEventStoreDbClient }) => void, fakeOptions: FakeEventStoreDbClientOptions = {}): void {
  describe(`${title} (fake client)`, () => {
    let current: (TestServer & { readonly fake: FakeEventStoreDbClient }) | undefined;
    beforeEach(() => {
      current = fakeServer(fakeOptions) as TestServer & { readonly fake: FakeEventStoreDbClient };
    });
    afterEach(async () => {
      await current?.dispose();
      current = undefined;
    });
    body(() => {
      if (!current) throw new Error('no server outside a test');
      return current;
    });
  });
}
