import { describeWithPostgres } from '@periscol/event-store/testing';
import { Pool } from 'pg';
import { createTestPostgresDatabase, type TestPostgresDatabase } from '../../../test/support/postgres-database';
import { describeMailOutboxContract } from './mail-outbox-contract.fixture';
import { PostgresMailOutbox } from './postgres-mail-outbox.adapter';

describeWithPostgres('PostgresMailOutbox', () => {
  let database: TestPostgresDatabase;
  let pool: Pool;
  let schemas = 0;

  beforeAll(async () => {
    database = await createTestPostgresDatabase('periscol_outbox');
    pool = new Pool({ connectionString: database.url, max: 8 });
    // An idle connection the server ends (a client still ending when the database is dropped, a
    // backend terminated by an administrator) must not be an unhandled error: the pool replaces it.
    pool.on('error', () => undefined);
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  // Each test opens an empty outbox in a schema of its own.
  describeMailOutboxContract('PostgresMailOutbox', (clock) => PostgresMailOutbox.open(pool, { schema: `outbox_${++schemas}`, clock }));

  it('creates its tables once when several processes open it together', async () => {
    await Promise.all(Array.from({ length: 4 }, () => PostgresMailOutbox.open(pool, { schema: 'opened_together' })));
    const { rows } = await pool.query(`SELECT version FROM "opened_together".schema_migrations`);
    expect(rows).toEqual([{ version: 1 }]);
  });
});
