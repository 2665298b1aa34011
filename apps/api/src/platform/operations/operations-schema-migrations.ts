import { createHash } from 'node:crypto';
import type { Pool } from 'pg';
import { OPERATIONS_SCHEMA_LOCK_CLASS } from './operations-database';

/** One step of a store's tables; append-only: a released migration is never edited, a change is a new one. */
export interface SchemaMigration {
  readonly version: number;
  readonly sql: string;
}

/**
 * Creates `schema` (quoted) if missing and applies the `migrations` not yet recorded in
 * `migrationsTable`, in one transaction under the operations schema's advisory lock: hosts
 * starting together, and the stores sharing the schema, create it and their tables once.
 */
export async function migrateOperationsSchema(pool: Pool, schemaName: string, migrationsTable: string, migrations: readonly SchemaMigration[]): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query('SELECT pg_advisory_xact_lock($1, $2)', [OPERATIONS_SCHEMA_LOCK_CLASS, createHash('sha256').update(schemaName).digest().readInt32BE(0)]);
    await client.query(`CREATE SCHEMA IF NOT EXISTS "${schemaName}"`);
    await client.query(`CREATE TABLE IF NOT EXISTS ${migrationsTable} (version integer PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())`);
    const applied = new Set((await client.query<{ version: number }>(`SELECT version FROM ${migrationsTable}`)).rows.map((row) => row.version));
    for (const migration of migrations) {
      if (applied.has(migration.version)) continue;
      await client.query(migration.sql);
      await client.query(`INSERT INTO ${migrationsTable} (version) VALUES ($1)`, [migration.version]);
    }
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
