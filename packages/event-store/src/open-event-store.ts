import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Clock } from './clock';
import type { EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb.adapter';
import type { EventStore } from './event-store.port';
import { SqliteEventStore, SqliteEventStoreOptions } from './sqlite/sqlite-event-store.adapter';

/** File name of the embedded store inside `PERISCOL_DATA_DIR`. */
export const SQLITE_EVENTS_FILE = 'events.sqlite';

/**
 * Connects to EventStoreDB. Loaded lazily so that processes on the embedded SQLite store never
 * load the gRPC client.
 */
export async function connectEventStoreDb(connectionString: string, options: EventStoreDbEventStoreOptions = {}): Promise<EventStore> {
  const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb.adapter');
  return EventStoreDbEventStore.connect(connectionString, options);
}

export interface OpenEventStoreConfig {
  /** `PERISCOL_DATA_DIR`; the SQLite file is `${dataDir}/events.sqlite`. */
  readonly dataDir: string;
  /** `EVENTSTORE_CONNECTION_STRING`: when set, EventStoreDB is used instead of SQLite. */
  readonly eventStoreConnectionString?: string;
  readonly clock?: Clock;
  readonly sqlite?: Omit<SqliteEventStoreOptions, 'clock'>;
}

/** The store the configuration asks for: EventStoreDB when a connection string is set, else SQLite. */
export async function openEventStore(config: OpenEventStoreConfig): Promise<EventStore> {
  if (config.eventStoreConnectionString) return connectEventStoreDb(config.eventStoreConnectionString, { clock: config.clock });
  fs.mkdirSync(config.dataDir, { recursive: true });
  return new SqliteEventStore(path.join(config.dataDir, SQLITE_EVENTS_FILE), { ...config.sqlite, clock: config.clock });
}
