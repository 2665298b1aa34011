import Database from 'better-sqlite3';
import { describeMailOutboxContract } from './mail-outbox-contract.fixture';
import { SqliteMailOutbox } from './sqlite-mail-outbox.adapter';

describeMailOutboxContract('SqliteMailOutbox', async (clock) => new SqliteMailOutbox(new Database(':memory:'), { clock }));
