import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Clock } from './clock';
import type { EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb.options';
import type { EventStore } from './event-store.port';
import type { PostgresEventStoreOptions } from './postgres/postgres-event-store.options';
import type { SqliteEventStoreOptions } from './sqlite/sqlite-event-store.adapter';

/** File name of the embedded store inside `PERISCOL_DATA_DIR`. */
export const SQLITE_EVENTS_FILE = 'events.sqlite';

/**
 * Connects to EventStoreDB. Loaded lazily so that processes on the embedded SQLite store never
 * load the gRPC client (an optional peer dependency they need not install).
 */
export async function connectEventStoreDb(connectionString: string, options: EventStoreDbEventStoreOptions = {}): Promise<EventStore> {
  const { EventStoreDbEventStore } = await import('./eventstoredb/eventstoredb.adapter');
  return EventStoreDbEventStore.connect(connectionString, options);
}

/** Opens the PostgreSQL store (migrating its schema). Loaded lazily, like EventStoreDB: `pg` is an optional peer. */
export async function openPostgresEventStore(options: PostgresEventStoreOptions): Promise<EventStore> {
  const { PostgresEventStore } = await import('./postgres/postgres-event-store.adapter');
  return PostgresEventStore.open(options);
}

export interface OpenEventStoreConfig {
  /** `PERISCOL_DATA_DIR`; the SQLite file is `${dataDir}/events.sqlite`. */
  readonly dataDir: string;
  /** `EVENTSTORE_CONNECTION_STRING`: when set, EventStoreDB is used instead of SQLite. */
  readonly eventStoreConnectionString?: string;
  /** `PERISCOL_POSTGRES_URL`: when set, the PostgreSQL store is used instead of SQLite. */
  readonly postgresConnectionString?: string;
  readonly clock?: Clock;
  readonly sqlite?: Omit<SqliteEventStoreOptions, 'clock'>;
}

/**
 * The store the configuration asks for: EventStoreDB or PostgreSQL when its connection string is
 * set (both set is a configuration error), else SQLite. Each adapter is loaded only when chosen,
 * so only its own optional peer dependency (`better-sqlite3`, `pg` or `@eventstore/db-client`)
 * must be installed.
 */
export async function openEventStore(config: OpenEventStoreConfig): Promise<EventStore> {
  if (config.eventStoreConnectionString && config.postgresConnectionString) {
    throw new Error('Choose one store: EVENTSTORE_CONNECTION_STRING or PERISCOL_POSTGRES_URL, not both');
  }
  if (config.eventStoreConnectionString) return connectEventStoreDb(config.eventStoreConnectionString, { clock: config.clock });
  if (config.postgresConnectionString) return openPostgresEventStore({ connectionString: config.postgresConnectionString, clock: config.clock });
  const { SqliteEventStore } = await import('./sqlite/sqlite-event-store.adapter');
  fs.mkdirSync(config.dataDir, { recursive: true });
  return new SqliteEventStore(path.join(config.dataDir, SQLITE_EVENTS_FILE), { ...config.sqlite, clock: config.clock });
}
