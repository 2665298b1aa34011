/**
 * What every command works on: the store (SQLite file, PostgreSQL or EventStoreDB), the catalog, the data
 * folder (read databases). Resolved from the options and the API's environment variables.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { connectEventStoreDb, connectionStringProblem, openPostgresEventStore, type EventStore } from '@periscol/event-store';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import type { Catalog } from '@periscol/reservation-domain';
import { loadMunicipalityCatalog } from '@periscol/application';
import type { UnreadableRowLocator } from '../checks/hash-chain.check';
import { sqliteRowLocator } from '../store/sqlite-row-locator';
import { stringOption, UsageError, type ParsedArgs } from './args';

export interface AuditContext {
  readonly store: EventStore;
  /** "SQLite var/events.sqlite", "PostgreSQL" or "EventStoreDB". */
  readonly storeLabel: string;
  readonly catalog: Catalog;
  /** Folder of the API's read databases (`read-*.sqlite`), when known. */
  readonly dataDir?: string;
  readonly locateUnreadable?: UnreadableRowLocator;
  /** The SQLite store's file (worker threads of `verify` open it on their own). */
  readonly sqliteFile?: string;
  close(): Promise<void>;
}

export interface ContextEnvironment {
  readonly env: Readonly<Record<string, string | undefined>>;
  readonly cwd: string;
  /** Tests inject stores (e.g. an EventStoreDB adapter over a fake client). */
  readonly connectEventStore?: (connectionString: string) => Promise<EventStore>;
}

const POSTGRES_URL = /^postgres(ql)?:\/\/\S+$/;

export class CatalogFileError extends UsageError {}

export function resolveCatalog(args: ParsedArgs, environment: ContextEnvironment): Catalog {
  const option = stringOption(args, 'municipality') ?? environment.env.PERISCOL_MUNICIPALITY_FILE?.trim();
  const file = option ? path.resolve(environment.cwd, option) : null;
  try {
    return loadMunicipalityCatalog(file);
  } catch (error) {
    throw new CatalogFileError(error instanceof Error ? error.message.replace(/^PERISCOL_MUNICIPALITY_FILE/, '--municipality') : String(error));
  }
}

export async function openAuditContext(args: ParsedArgs, environment: ContextEnvironment): Promise<AuditContext> {
  const catalog = resolveCatalog(args, environment);
  const dbOption = stringOption(args, 'db');
  const eventstoreOption = stringOption(args, 'eventstore');
  const postgresOption = stringOption(args, 'postgres');
  if ([dbOption, eventstoreOption, postgresOption].filter((option) => option !== undefined).length > 1) throw new UsageError('give one of --db, --eventstore, --postgres');
  const explicit = dbOption !== undefined || eventstoreOption !== undefined || postgresOption !== undefined;
  const connection = eventstoreOption ?? (explicit ? undefined : environment.env.EVENTSTORE_CONNECTION_STRING?.trim() || undefined);
  const postgres = postgresOption ?? (explicit || connection !== undefined ? undefined : environment.env.PERISCOL_POSTGRES_URL?.trim() || undefined);
  const dataDirEnv = environment.env.PERISCOL_DATA_DIR?.trim() || undefined;

  if (postgres !== undefined) {
    if (!POSTGRES_URL.test(postgres)) throw new UsageError('--postgres must be a PostgreSQL URL such as postgres://auditor@db.example.fr:5432/periscol');
    const store = await openPostgresEventStore({ connectionString: postgres });
    return {
      store,
      storeLabel: 'PostgreSQL',
      catalog,
      ...(dataDirEnv ? { dataDir: path.resolve(environment.cwd, dataDirEnv) } : {}),
      close: () => store.close(),
    };
  }

  if (connection !== undefined) {
    const problem = connectionStringProblem(connection);
    if (problem !== undefined) throw new UsageError(`--eventstore: ${problem}`);
    const store = await (environment.connectEventStore ?? ((c: string) => connectEventStoreDb(c)))(connection);
    return {
      store,
      storeLabel: 'EventStoreDB',
      catalog,
      ...(dataDirEnv ? { dataDir: path.resolve(environment.cwd, dataDirEnv) } : {}),
      close: () => store.close(),
    };
  }

  const file = path.resolve(environment.cwd, dbOption ?? path.join(dataDirEnv ?? './var', 'events.sqlite'));
  // Never create a store where none is: an auditor pointing at the wrong path must be told.
  if (!fs.existsSync(file) || !fs.statSync(file).isFile()) throw new UsageError(`no event store at ${file} (give --db <file> or set PERISCOL_DATA_DIR)`);
  const store = new SqliteEventStore(file);
  return {
    store,
    storeLabel: `SQLite ${path.relative(environment.cwd, file) || file}`,
    catalog,
    dataDir: path.dirname(file),
    locateUnreadable: sqliteRowLocator(file),
    sqliteFile: file,
    close: () => store.close(),
  };
}
