import * as fs from 'node:fs';
import * as path from 'node:path';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { OPERATIONS_DATABASE_FILE } from '@periscol/application';
import Database from 'better-sqlite3';
import { APP_CONFIG, AppConfig } from '../config/app-config';

/**
 * The operations database, `${PERISCOL_DATA_DIR}/operations.sqlite`: records that are not
 * events but must survive a crash and be shared by every API process over the same data folder —
 * the e-mail outbox, the inbox of payment provider notifications, the simulated payment site's
 * sessions and signing secret, and the checkpoints of the ticket process manager. (Read models stay in each process's own file.)
 */
export const OPERATIONS_DB = Symbol('OPERATIONS_DB');
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
  constructor(@Inject(OPERATIONS_DB) private readonly db: Database.Database) {}

  onApplicationShutdown(): void {
    if (this.db.open) this.db.close();
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
        OperationsDatabaseLifecycle,
      ],
      exports: [OPERATIONS_DB],
    };
  }
}
