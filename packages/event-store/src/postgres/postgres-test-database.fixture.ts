/**
 * What the PostgreSQL specs share: the server to use, a skip when there is none, throw-away
 * schemas, and a bounded wait on a condition.
 *
 * The server is `PERISCOL_TEST_POSTGRES_URL`, by default `postgres://postgres@127.0.0.1:5432/test`.
 * When that variable is not set and the default server does not answer, each spec shows one
 * skipped test saying so; when it is set, the specs run and fail if the server does not answer.
 */
import { spawnSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { PostgresEventStore } from './postgres-event-store.adapter';
import type { PostgresEventStoreOptions } from './postgres-event-store.options';

export const TEST_POSTGRES_URL = process.env.PERISCOL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

/** Why the specs cannot run here, or undefined when they can (or must: the variable is set). */
function unavailableReason(): string | undefined {
  if (process.env.PERISCOL_TEST_POSTGRES_URL) return undefined;
  // Jest declares tests synchronously: ask a child process whether the server answers.
  const probe = `const { Client } = require(process.argv[1]);
    const client = new Client({ connectionString: process.argv[2], connectionTimeoutMillis: 3000 });
    client.connect().then(() => client.end()).then(() => process.exit(0), (error) => { console.error(error.message); process.exit(1); });`;
  const result = spawnSync(process.execPath, ['-e', probe, require.resolve('pg'), TEST_POSTGRES_URL], { encoding: 'utf8', timeout: 10_000 });
  if (result.status === 0) return undefined;
  return `skipped: no PostgreSQL at ${TEST_POSTGRES_URL} (${(result.stderr || String(result.error ?? 'no answer')).trim().split('\n')[0]}); set PERISCOL_TEST_POSTGRES_URL to run against another server`;
}

const skipReason = unavailableReason();

/** `describe` when a server is there, else one skipped test that says why. */
export function describeWithPostgres(name: string, body: () => void): void {
  if (skipReason === undefined) {
    describe(name, body);
    return;
  }
  console.info(skipReason);
  describe(name, () => {
    test.skip(skipReason, () => undefined);
  });
}

/** Schemas made for one spec file, dropped with everything in them at the end. */
export class TestSchemas {
  /** For what the specs do behind the store's back. */
  readonly admin = new Pool({ connectionString: TEST_POSTGRES_URL, max: 4 });
  private readonly created = new Set<string>();
  private readonly stores = new Set<PostgresEventStore>();

  constructor() {
    this.admin.on('error', () => undefined);
  }

  /** A fresh schema name (nothing created yet), dropped by `drop` or `dispose`. */
  newSchema(): string {
    const name = `periscol_test_${randomBytes(5).toString('hex')}`;
    this.created.add(name);
    return name;
  }

  /** A store on its own new schema unless one is given; closed by `dispose`. */
  async open(options: Partial<PostgresEventStoreOptions> = {}): Promise<PostgresEventStore> {
    const store = await PostgresEventStore.open({ connectionString: TEST_POSTGRES_URL, poolSize: 4, schema: this.newSchemaUnless(options.schema), ...options });
    this.stores.add(store);
    return store;
  }

  async close(store: PostgresEventStore): Promise<void> {
    this.stores.delete(store);
    await store.close();
  }

  async drop(schema: string): Promise<void> {
    this.created.delete(schema);
    await this.admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
  }

  /** Closes the stores still open, drops every schema, ends the admin pool. */
  async dispose(): Promise<void> {
    await Promise.all([...this.stores].map((store) => this.close(store)));
    for (const schema of [...this.created]) await this.drop(schema);
    await this.admin.end();
  }

  private newSchemaUnless(schema: string | undefined): string {
    if (schema === undefined) return this.newSchema();
    this.created.add(schema);
    return schema;
  }
}

/** Resolves once `condition` holds, checking every few milliseconds; rejects after `timeoutMs`. */
export async function waitUntil(what: string, condition: () => Promise<boolean> | boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting until ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}
