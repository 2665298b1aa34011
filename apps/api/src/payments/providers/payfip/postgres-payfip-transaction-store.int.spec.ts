import { describeWithPostgres } from '@periscol/event-store/testing';
import { Pool } from 'pg';
import { createTestPostgresDatabase, type TestPostgresDatabase } from '../../../../test/support/postgres-database';
import { describePayfipTransactionStoreContract } from './payfip-transaction-store-contract.fixture';
import { PostgresPayfipTransactionStore } from './postgres-payfip-transaction-store.adapter';

describeWithPostgres('PostgresPayfipTransactionStore', () => {
  let database: TestPostgresDatabase;
  let pool: Pool;
  let schemas = 0;

  beforeAll(async () => {
    database = await createTestPostgresDatabase('periscol_payfip');
    pool = new Pool({ connectionString: database.url, max: 8 });
    pool.on('error', () => undefined);
  });

  afterAll(async () => {
    await pool.end();
    await database.drop();
  });

  // Each test opens an empty store in a schema of its own.
  describePayfipTransactionStoreContract('PostgresPayfipTransactionStore', () => PostgresPayfipTransactionStore.open(pool, { schema: `payfip_${++schemas}` }));

  it('creates its table once when several hosts open it together', async () => {
    await Promise.all(Array.from({ length: 4 }, () => PostgresPayfipTransactionStore.open(pool, { schema: 'opened_together' })));
    const { rows } = await pool.query(`SELECT version FROM "opened_together".payfip_schema_migrations`);
    expect(rows).toEqual([{ version: 1 }]);
  });
});
