import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openEventStore, SQLITE_EVENTS_FILE } from './open-event-store';

describe('openEventStore', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-open-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('without a connection string: SQLite in PERISCOL_DATA_DIR (created if missing)', async () => {
    const dataDir = path.join(dir, 'var', 'data');
    const store = await openEventStore({ dataDir });
    expect(store.kind).toBe('sqlite');
    await store.close();
    expect(fs.existsSync(path.join(dataDir, SQLITE_EVENTS_FILE))).toBe(true);
  });

  test('with EVENTSTORE_CONNECTION_STRING: the EventStoreDB adapter (no connection until first use)', async () => {
    const store = await openEventStore({ dataDir: dir, eventStoreConnectionString: 'esdb://localhost:1?tls=false' });
    expect(store.kind).toBe('eventstoredb');
    await store.close();
    expect(fs.existsSync(path.join(dir, SQLITE_EVENTS_FILE))).toBe(false);
  });

  test('with PERISCOL_POSTGRES_URL: the PostgreSQL adapter, which connects (and migrates) on open', async () => {
    await expect(openEventStore({ dataDir: dir, postgresConnectionString: 'postgres://postgres@127.0.0.1:1/none' })).rejects.toThrow(/ECONNREFUSED/);
    expect(fs.existsSync(path.join(dir, SQLITE_EVENTS_FILE))).toBe(false);
  });

  test('refuses two stores at once', async () => {
    await expect(
      openEventStore({ dataDir: dir, eventStoreConnectionString: 'esdb://localhost:1?tls=false', postgresConnectionString: 'postgres://postgres@127.0.0.1:1/none' }),
    ).rejects.toThrow(/Choose one store/);
  });
});
