/**
 * R17 in every process: each API process has its own read database, and each WAL frame written
 * before an erasure still holds the erased rows until the WAL is emptied. The process that
 * erases empties its own; the others must empty theirs when they apply the erasure.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { deterministicEventId } from '@periscol/event-store';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import { FAMILY_EVENT_SCHEMA_VERSIONS, PERSON_EVENT_SCHEMA_VERSIONS } from '@periscol/reservation-domain';
import { familyStreamId, personStreamId } from '../streams/stream-names';
import { ReadModels } from './read-models';

const NAME = 'Zéphyrine Quillebœuf-Erasable';
const meta = (schemaVersion: number, key: string) => ({ eventId: deterministicEventId(key, 0), schemaVersion, correlationId: key, causationId: key, actor: { userId: 'agent', role: 'admin' } });

/** The bytes of a read database and its WAL, as a reader of the disk would see them. */
function onDisk(file: string): Buffer {
  return Buffer.concat([file, `${file}-wal`].filter((f) => fs.existsSync(f)).map((f) => fs.readFileSync(f)));
}

async function until(what: string, condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setImmediate(resolve));
  }
}

describe('an erasure reaches the read database of every process (R17)', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-erasure-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it("leaves the erased name in no process's read database nor WAL", async () => {
    const store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    const files = ['read-api-1.sqlite', 'read-api-2.sqlite'].map((name) => path.join(dir, name));
    const processes = files.map((file) => new ReadModels({ store, file }));
    try {
      for (const readModels of processes) await readModels.start();
      await store.appendToStream(personStreamId('f1'), [
        { type: 'FamilyIdentityRecorded', data: { familyId: 'f1', name: NAME, email: 'z@example.fr' }, metadata: meta(PERSON_EVENT_SCHEMA_VERSIONS.FamilyIdentityRecorded, 'k1') },
      ], { expectedRevision: 'no_stream' });
      for (const readModels of processes) await readModels.catchUp();
      for (const file of files) expect(onDisk(file).includes(NAME)).toBe(true);

      await store.appendToStream(familyStreamId('f1'), [
        { type: 'PersonalDataErased', data: { familyId: 'f1', erasedAt: '2026-12-03T08:00:00.000Z', reason: 'fin de conservation' }, metadata: meta(FAMILY_EVENT_SCHEMA_VERSIONS.PersonalDataErased, 'k2') },
      ], { expectedRevision: 'any' });
      await store.deleteStream(personStreamId('f1'));
      for (const readModels of processes) await readModels.catchUp();

      for (const file of files) await until(`${path.basename(file)} without the erased name`, () => !onDisk(file).includes(NAME));
    } finally {
      for (const readModels of processes) {
        await readModels.stop();
        readModels.close();
      }
      await store.close();
    }
  });
});
