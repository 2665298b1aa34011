/**
 * The store's tables in one PostgreSQL schema, created and upgraded by numbered migrations. Each
 * applied migration is a row of `schema_migrations`; the pending ones are applied in one
 * transaction under an advisory lock on the schema, so that processes starting together apply each
 * migration once and none of them reads a half-built schema.
 */
import { createHash } from 'node:crypto';
import type { ClientBase } from 'pg';
import { PostgresNotDurableError, PostgresSchemaTooNewError } from './postgres.errors';

export const DEFAULT_SCHEMA = 'event_store';

/** Lower-case identifier, short enough for the notification channel (63 bytes at most) to be named after it. */
const SCHEMA_NAME = /^[a-z_][a-z0-9_]{0,39}$/;

/** First key of the store's advisory locks (the second is the schema's): one class per purpose. */
const LOCK_CLASS = { migrations: 0x50450001, appends: 0x50450002 } as const;

/** Identifiers and lock keys of one store schema, quoted and ready to go in SQL text. */
export interface StoreSchema {
  readonly name: string;
  readonly events: string;
  readonly streams: string;
  readonly migrations: string;
  /** LISTEN/NOTIFY channel on which appends are announced. */
  readonly channel: string;
  /** `pg_advisory_xact_lock` arguments every append transaction takes: see postgres-append-transaction.ts. */
  readonly appendLock: readonly [number, number];
  readonly migrationLock: readonly [number, number];
}

export function storeSchema(name: string = DEFAULT_SCHEMA): StoreSchema {
  if (!SCHEMA_NAME.test(name)) throw new Error(`schema must match ${SCHEMA_NAME.source}, got ${JSON.stringify(name)}`);
  const quoted = `"${name}"`;
  const schemaKey = createHash('sha256').update(name).digest().readInt32BE(0);
  return {
    name,
    events: `${quoted}.events`,
    streams: `${quoted}.streams`,
    migrations: `${quoted}.schema_migrations`,
    channel: `periscol_appended_${name}`,
    appendLock: [LOCK_CLASS.appends, schemaKey],
    migrationLock: [LOCK_CLASS.migrations, schemaKey],
  };
}

interface Migration {
  readonly version: number;
  readonly name: string;
  readonly sql: (schema: StoreSchema) => string;
}

/**
 * Append-only: a released migration is never edited, a change is a new one. Data and metadata are
 * the canonical JSON the hash chain covers, kept as text so that they read back byte for byte
 * (jsonb would reorder keys and refuse `\u0000`).
 */
const MIGRATIONS: readonly Migration[] = [
  {
    version: 1,
    name: 'events and streams',
    sql: (s) => `
      CREATE TABLE ${s.events} (
        position    bigint      GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        stream_id   text        NOT NULL,
        revision    integer     NOT NULL,
        event_id    text        NOT NULL UNIQUE,
        type        text        NOT NULL,
        data        text        NOT NULL,
        metadata    text        NOT NULL,
        recorded_at timestamptz NOT NULL,
        UNIQUE (stream_id, revision)
      );
      CREATE TABLE ${s.streams} (
        stream_id  text        PRIMARY KEY,
        revision   integer     NOT NULL,
        last_hash  text        NOT NULL,
        deleted_at timestamptz
      );`,
  },
];

export const POSTGRES_SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1].version;

/**
 * Creates the schema if needed and applies the migrations it lacks, in one transaction under the
 * schema's migration lock. Returns the versions applied by this call (none when up to date).
 * Throws `PostgresSchemaTooNewError` when the schema was migrated by a newer version of the code.
 */
export async function migrateStoreSchema(client: ClientBase, schema: StoreSchema): Promise<number[]> {
  await client.query('BEGIN ISOLATION LEVEL READ COMMITTED');
  try {
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [...schema.migrationLock]);
    // CREATE SCHEMA IF NOT EXISTS would need the right to create schemas even when it exists (made by a DBA).
    const { rowCount } = await client.query('SELECT 1 FROM pg_namespace WHERE nspname = $1', [schema.name]);
    if (rowCount === 0) await client.query(`CREATE SCHEMA "${schema.name}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${schema.migrations} (version integer PRIMARY KEY, name text NOT NULL, applied_at timestamptz NOT NULL DEFAULT now())`);
    const { rows } = await client.query<{ version: number }>(`SELECT version FROM ${schema.migrations}`);
    const applied = new Set(rows.map((row) => row.version));
    const newest = Math.max(0, ...applied);
    if (newest > POSTGRES_SCHEMA_VERSION) throw new PostgresSchemaTooNewError(newest, POSTGRES_SCHEMA_VERSION);
    const pending = MIGRATIONS.filter((migration) => !applied.has(migration.version));
    for (const migration of pending) {
      await client.query(migration.sql(schema));
      await client.query(`INSERT INTO ${schema.migrations} (version, name) VALUES ($1, $2)`, [migration.version, migration.name]);
    }
    await client.query('COMMIT');
    return pending.map((migration) => migration.version);
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  }
}

/**
 * An append resolves once committed, so a commit must reach the disk before the server answers:
 * refuses a server running with `fsync` or `synchronous_commit` off (a crash would lose
 * acknowledged appends).
 */
export async function assertDurable(client: ClientBase): Promise<void> {
  const { rows } = await client.query<{ fsync: string; synchronous_commit: string }>(
    "SELECT current_setting('fsync') AS fsync, current_setting('synchronous_commit') AS synchronous_commit",
  );
  const [settings] = rows;
  if (settings.fsync !== 'on') throw new PostgresNotDurableError(`fsync is ${settings.fsync}`);
  if (settings.synchronous_commit === 'off') throw new PostgresNotDurableError('synchronous_commit is off');
}
