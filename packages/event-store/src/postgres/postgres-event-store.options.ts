import type { Clock } from '../clock';

/**
 * Options of the PostgreSQL adapter, in a file of their own: code that only names them (the
 * package's root entry, configuration) does not load the adapter's types, which import `pg`, an
 * optional peer dependency.
 */
export interface PostgresEventStoreOptions {
  /** e.g. `postgres://periscol@db.example.fr:5432/periscol` (libpq URI; TLS with `?sslmode=require`). */
  readonly connectionString: string;
  /** Schema holding the store's tables, created if missing (default `event_store`). */
  readonly schema?: string;
  /** Connections of the pool used for appends and reads (default 10); the listener has one more of its own. */
  readonly poolSize?: number;
  readonly clock?: Clock;
  /**
   * How often an idle subscription reads anyway, in case a notification was lost (listener
   * reconnecting, notification dropped): default 1000 ms. Notifications normally wake it at once.
   */
  readonly pollIntervalMs?: number;
  /** Most appends grouped in one transaction (default 1000). */
  readonly maxAppendsPerCommit?: number;
}
