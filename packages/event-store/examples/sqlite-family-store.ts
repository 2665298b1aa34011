// The embedded SQLite store under the domain's family decider: one stream per family, commands
// made idempotent by their key, a hash chain per stream. `better-sqlite3` is installed beside
// this package (an optional peer dependency: EventStoreDB users install `@eventstore/db-client`).
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { handleCommand, verifyStore } from '@periscol/event-store';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import {
  createFamilyDecider,
  demoCatalog,
  FAMILY_EVENT_SCHEMA_VERSIONS,
  upcastFamilyEvent,
  type FamilyCommand,
  type FamilyEventType,
} from '@periscol/reservation-domain';

const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-store-'));
const store = new SqliteEventStore(path.join(dataDir, 'events.sqlite')); // WAL + synchronous=FULL
const decider = createFamilyDecider({ catalog: demoCatalog, holdMinutes: 60 });

/** Read the stream, fold, decide, append with the expected revision (retried on a conflict). */
async function run(familyId: string, idempotencyKey: string, command: FamilyCommand) {
  const result = await handleCommand(store, decider, {
    streamId: `family-${familyId}`,
    command,
    idempotencyKey, // event ids derive from it: a retried request appends nothing
    schemaVersionOf: (type) => FAMILY_EVENT_SCHEMA_VERSIONS[type as FamilyEventType],
    upcast: (stored) => upcastFamilyEvent(stored), // older schema versions read as the current one
  });
  if (result._tag === 'Left') throw new Error(`${command.type} refused: ${result.left.code}`);
  return result.right;
}

const now = '2026-09-07T08:00:00.000Z';
await run('fam-1', 'register-1', { type: 'RegisterFamily', data: { familyId: 'fam-1', resident: true }, metadata: { now } });
await run('fam-1', 'enrol-1', { type: 'EnrolChild', data: { childId: 'c1', activityIds: ['restauration'] }, metadata: { now } });
const request: FamilyCommand = {
  type: 'RequestReservation',
  data: { orderId: 'o1', slots: [{ childId: 'c1', activityId: 'restauration', date: '2026-09-14' }], pricing: { quotientFamilial: 600 } },
  metadata: { now },
};
const first = await run('fam-1', 'request-1', request);
const retry = await run('fam-1', 'request-1', request); // the same key again: nothing appended

console.log(`first: ${first.events.map((event) => `${event.type}@${event.revision}`).join(', ')}; retry deduplicated: ${retry.deduplicated}`);
const verification = await verifyStore(store); // every stream's hash chain, read back from the file
console.log(`hash chains intact: ${verification.ok}`);
await store.close();
fs.rmSync(dataDir, { recursive: true, force: true });
