import Database from 'better-sqlite3';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { verifyStore } from '../hash-chain';
import { event } from '../testing/event-store.contract';
import { SqliteEventStore } from './sqlite-event-store.adapter';

const SECRET = 'Philomène Zbinden-Quarteron <philomene.zq@example.org>';

let dir: string;
let file: string;
beforeEach(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-sqlite-erasure-'));
  file = path.join(dir, 'events.sqlite');
});
afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

/** Files of the store (main file, WAL, shared memory) that still hold `SECRET`, as UTF-8. */
function filesHoldingSecret(): string[] {
  return fs.readdirSync(dir).filter((name) => fs.readFileSync(path.join(dir, name)).includes(Buffer.from(SECRET, 'utf8')));
}

/** A person stream with the secret in every event (enough to fill several pages), beside a family stream. */
async function seed(store: SqliteEventStore): Promise<void> {
  for (let n = 0; n < 40; n++) {
    await store.appendToStream('person-1', [event('IdentityRecorded', { n, name: SECRET, note: 'x'.repeat(300) })], { expectedRevision: n === 0 ? 'no_stream' : n - 1 });
    await store.appendToStream('family-1', [event('Enrolled', { n })], { expectedRevision: n === 0 ? 'no_stream' : n - 1 });
  }
}

describe('SqliteEventStore.deleteStream leaves no copy of the stream on disk (R17)', () => {
  it('zeroes the deleted rows and truncates the WAL, whose frames still held them; other streams still verify', async () => {
    const store = new SqliteEventStore(file);
    await seed(store);
    expect(filesHoldingSecret()).toContain('events.sqlite-wal');

    await store.deleteStream('person-1');

    expect(filesHoldingSecret()).toEqual([]);
    expect(fs.statSync(`${file}-wal`).size).toBe(0);
    expect(await verifyStore(store)).toMatchObject({ ok: true, eventsChecked: 40 });
    await store.close();
    expect(filesHoldingSecret()).toEqual([]);
  });

  it('fails while a reader keeps the WAL busy (the rows are deleted all the same); deleting again completes it', async () => {
    const store = new SqliteEventStore(file, { busyTimeoutMs: 20 });
    await seed(store);
    const reader = new Database(file);
    reader.prepare('BEGIN').run();
    reader.prepare('SELECT COUNT(*) FROM events').get(); // a read snapshot on the old frames

    await expect(store.deleteStream('person-1')).rejects.toThrow(/WAL/);
    expect((await store.readStream('person-1')).streamExists).toBe(false);

    reader.prepare('COMMIT').run();
    reader.close();
    await store.deleteStream('person-1');
    expect(filesHoldingSecret()).toEqual([]);
    await store.close();
  });
});
