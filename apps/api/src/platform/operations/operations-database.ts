import * as fs from 'node:fs';
import * as path from 'node:path';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { OPERATIONS_DATABASE_FILE } from '@periscol/application';
import type { EventStore } from '@periscol/event-store';
import Database from 'better-sqlite3';
import { Pool } from 'pg';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { EVENT_STORE } from '../store/event-store.token';

/**
 * The operations database, `${PERISCOL_DATA_DIR}/operations.sqlite`: records that are not
 * events but must survive a crash and be shared by every API process over the same data folder —
 * the e-mail outbox, the inbox of payment provider notifications, the simulated payment site's
 * sessions and signing secret, and the checkpoints of the ticket process manager. (Read models stay in each process's own file.)
 * With a PostgreSQL store, the e-mail outbox moves to the database every host shares (see
 * `SHARED_OPERATIONS_POOL`).
 */
export const OPERATIONS_DB = Symbol('OPERATIONS_DB');

/**
 * With a PostgreSQL store: a small pool on the same database, for the operations records every
 * host must share (the e-mail outbox, schema `periscol_operations`). Null with any other store.
 */
export const SHARED_OPERATIONS_POOL = Symbol('SHARED_OPERATIONS_POOL');

/**
 * First key of the advisory lock under which every store creates or upgrades its tables in the
 * shared operations schema (the second key is a hash of the schema's name): they all create the
 * schema, and two hosts starting together would race on `CREATE SCHEMA IF NOT EXISTS`.
 */
export const OPERATIONS_SCHEMA_LOCK_CLASS = 0x50450101;

export function openSharedOperationsPool(config: Pick<AppConfig, 'postgresConnectionString'>, store: Pick<EventStore, 'kind'>): Pool | null {
  if (store.kind !== 'postgres' || config.postgresConnectionString === null) return null;
  const pool = new Pool({ connectionString: config.postgresConnectionString, max: 4 });
  // A dropped idle connection is replaced at the next query; the query that needs it fails and is retried.
  pool.on('error', () => undefined);
  return pool;
}
export const OPERATIONS_DB_FILE = OPERATIONS_DATABASE_FILE;

export function openOperationsDatabase(dataDir: string): Database.Database {
  fs.mkdirSync(dataDir, { recursive: true });
  const db = new Database(path.join(dataDir, OPERATIONS_DB_FILE));
  db.pragma('busy_timeout = 5000');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  // R17: what is deleted (an erased family's e-mails) is overwritten with zeros, not just unlinked.
  db.pragma('secure_delete = ON');
  return db;
}

class OperationsDatabaseLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(OPERATIONS_DB) private readonly db: Database.Database,
    @Inject(SHARED_OPERATIONS_POOL) private readonly pool: Pool | null,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.db.open) this.db.close();
    await this.pool?.end();
  }
}

@Global()
@Module({})
export class OperationsDatabaseModule {
  static register(): DynamicModule {
    return {
      module: OperationsDatabaseModule,
      providers: [
        { provide: OPERATIONS_DB, useFactory: (config: AppConfig) => openOperationsDatabase(config.dataDir), inject: [APP_CONFIG] },
        { provide: SHARED_OPERATIONS_POOL, useFactory: openSharedOperationsPool, inject: [APP_CONFIG, EVENT_STORE] },
        OperationsDatabaseLifecycle,
      ],
      exports: [OPERATIONS_DB, SHARED_OPERATIONS_POOL],
    };
  }
}
