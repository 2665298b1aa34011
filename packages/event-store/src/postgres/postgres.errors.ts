import { EventStoreError } from '../event-store.errors';

/** The server does not flush commits to disk (`fsync` or `synchronous_commit` off): refusing to run. */
export class PostgresNotDurableError extends EventStoreError {
  readonly code = 'STORE_NOT_DURABLE' as const;
  constructor(detail: string) {
    super(`PostgreSQL store is not durable: ${detail}`);
    this.name = 'PostgresNotDurableError';
  }
}

/** The schema was migrated by a newer version of this code than the one running. */
export class PostgresSchemaTooNewError extends EventStoreError {
  readonly code = 'STORE_SCHEMA_TOO_NEW' as const;
  constructor(
    readonly found: number,
    readonly supported: number,
  ) {
    super(`PostgreSQL store schema version ${found} is newer than this code supports (${supported})`);
    this.name = 'PostgresSchemaTooNewError';
  }
}
