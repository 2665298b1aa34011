// The blocks the API and the auditors share, without a framework: family commands run against
// the store (snapshot + stream tail, decide, append with the expected revision, wait for the
// read models) and the reads answered from them. Here on the embedded SQLite store.
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { CatalogSource, FamilyCommandRunner, FamilyReads, FamilySnapshots, ReadModels, readDatabaseFile, SYSTEM_ACTOR } from '@periscol/application';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import type { FamilyCommand } from '@periscol/reservation-domain';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-app-'));
const store = new SqliteEventStore(path.join(dataDir, 'events.sqlite'));
const catalogs = new CatalogSource(store, null); // null: the demo municipality, else its JSON file
const readModels = new ReadModels({ store, file: readDatabaseFile({ dataDir, instanceId: 'example' }) });
await readModels.start(); // catches up, then follows the store
const snapshots = new FamilySnapshots(readModels, store);
const families = new FamilyCommandRunner(store, { holdMinutes: 60 }, catalogs, snapshots, readModels);
const reads = new FamilyReads(readModels, snapshots);

const now = '2026-09-07T08:00:00.000Z';
const commands: FamilyCommand[] = [
  { type: 'RegisterFamily', data: { familyId: 'fam-1', resident: true }, metadata: { now } },
  { type: 'EnrolChild', data: { childId: 'c1', activityIds: ['restauration'] }, metadata: { now } },
  {
    type: 'RequestReservation',
    data: { orderId: 'o1', slots: [{ childId: 'c1', activityId: 'restauration', date: '2026-09-14' }], pricing: { quotientFamilial: 600 } },
    metadata: { now },
  },
];
for (const [index, command] of commands.entries()) {
  // The key makes a retried request append nothing; the actor is recorded with the events.
  const result = await families.run('fam-1', command, { idempotencyKey: `example-${index}`, actor: SYSTEM_ACTOR });
  if (result._tag === 'Left') throw new Error(`${command.type} refused: ${result.left.code}`);
}

const order = (await reads.familyState('fam-1'))?.orders.get('o1');
console.log(`order o1 of ${(await reads.findOrder('o1'))?.familyId}: ${order?.amountDueCents} cents due`);
await readModels.stop();
readModels.close();
await store.close();
fs.rmSync(dataDir, { recursive: true, force: true });
