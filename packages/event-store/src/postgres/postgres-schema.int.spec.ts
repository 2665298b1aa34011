import { Client } from 'pg';
import { event } from '../testing/event-store.contract';
import { migrateStoreSchema, POSTGRES_SCHEMA_VERSION, storeSchema } from './postgres-schema';
import { describeWithPostgres, TEST_POSTGRES_URL, TestSchemas } from './postgres-test-database.fixture';

describeWithPostgres('PostgreSQL schema migrations', () => {
  const schemas = new TestSchemas();
  afterAll(() => schemas.dispose());

  async function appliedVersions(name: string): Promise<number[]> {
    const { rows } = await schemas.admin.query<{ version: number }>(`SELECT version FROM ${storeSchema(name).migrations} ORDER BY version`);
    return rows.map((row) => row.version);
  }

  async function withClient<T>(work: (client: Client) => Promise<T>): Promise<T> {
    const client = new Client({ connectionString: TEST_POSTGRES_URL });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  }

  test('opening twice applies each migration once and keeps the data', async () => {
    const schema = schemas.newSchema();
    const first = await schemas.open({ schema });
    await first.appendToStream('s', [event('A', {})], { expectedRevision: 'no_stream' });
    await schemas.close(first);
    const second = await schemas.open({ schema });
    expect((await second.readStream('s')).events.map((e) => e.type)).toEqual(['A']);
    expect(await appliedVersions(schema)).toEqual([POSTGRES_SCHEMA_VERSION]);
    expect(await withClient((client) => migrateStoreSchema(client, storeSchema(schema)))).toEqual([]);
  });

  test('two processes migrating at once: one applies, the other waits for it and finds nothing to do', async () => {
    const schema = storeSchema(schemas.newSchema());
    const applied = await Promise.all([withClient((client) => migrateStoreSchema(client, schema)), withClient((client) => migrateStoreSchema(client, schema))]);
    expect(applied.map((versions) => versions.length).sort()).toEqual([0, POSTGRES_SCHEMA_VERSION]);
    expect(await appliedVersions(schema.name)).toEqual([POSTGRES_SCHEMA_VERSION]);
  });

  test('a schema migrated by a newer version is refused, and left as it is', async () => {
    const schema = schemas.newSchema();
    await schemas.close(await schemas.open({ schema }));
    await schemas.admin.query(`INSERT INTO ${storeSchema(schema).migrations} (version, name) VALUES (99, 'from the future')`);
    await expect(schemas.open({ schema })).rejects.toMatchObject({ code: 'STORE_SCHEMA_TOO_NEW', found: 99, supported: POSTGRES_SCHEMA_VERSION });
    expect(await appliedVersions(schema)).toEqual([POSTGRES_SCHEMA_VERSION, 99]);
  });
});
