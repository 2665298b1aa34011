import Database from 'better-sqlite3';
import { describePayfipTransactionStoreContract } from './payfip-transaction-store-contract.fixture';
import { SqlitePayfipTransactionStore } from './sqlite-payfip-transaction-store.adapter';

const opened: Database.Database[] = [];
afterAll(() => opened.forEach((db) => db.close()));

describePayfipTransactionStoreContract('SqlitePayfipTransactionStore', async () => {
  const db = new Database(':memory:');
  opened.push(db);
  return new SqlitePayfipTransactionStore(db);
});
