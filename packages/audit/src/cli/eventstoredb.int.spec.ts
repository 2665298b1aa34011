/**
 * `--eventstore <conn>` (or EVENTSTORE_CONNECTION_STRING) selects EventStoreDB. No server can run
 * on these machines, so the store is the real EventStoreDB adapter over the event-store
 * package's in-process fake client (revisions, log-offset positions, system events): this
 * checks the CLI's wiring and that the checks need nothing SQLite-specific, not a server run.
 */
import * as fs from 'node:fs';
import type { EventStoreDBClient } from '@eventstore/db-client';
import type { EventStore } from '@periscol/event-store';
import { EventStoreDbEventStore, FakeEventStoreDbClient } from '@periscol/event-store/testing';
import type { AuditReport } from '../checks/audit-report';
import { cli } from '../testing/cli-harness';
import { JOURNEY, journeyHistory } from '../testing/journey-history';
import { randomHistory, SettableClock, writeHistory } from '../testing/random-history';
import { tempDir } from '../testing/temp-store';

async function fakeEventStoreDb(commands: Parameters<typeof writeHistory>[1]): Promise<{ store: EventStore; connections: string[]; connect: (c: string) => Promise<EventStore> }> {
  const clock = new SettableClock();
  const client = new FakeEventStoreDbClient() as unknown as EventStoreDBClient;
  const writer = new EventStoreDbEventStore(client, { clock: clock.clock });
  await writeHistory(writer, commands, clock);
  const connections: string[] = [];
  return {
    store: writer,
    connections,
    // Each CLI run gets its own adapter over the same fake server (and closes it).
    connect: async (connection) => {
      connections.push(connection);
      return new EventStoreDbEventStore(client);
    },
  };
}

const dirs: string[] = [];
const cwd = () => {
  const dir = tempDir();
  dirs.push(dir);
  return dir;
};

afterAll(() => {
  for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
});

describe('periscol-audit on EventStoreDB (adapter over a fake client)', () => {
  test('verify from EVENTSTORE_CONNECTION_STRING: clean, projections not compared (no read database)', async () => {
    const esdb = await fakeEventStoreDb(randomHistory({ seed: 41, families: 4 }).commands);
    const result = await cli(['verify', '--json', '--quiet'], { cwd: cwd(), env: { EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' }, connectEventStore: esdb.connect });
    const report = result.json<AuditReport & { store: string }>();
    expect(report.store).toBe('EventStoreDB');
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.code).toBe(0);
    expect(report.familiesChecked).toBe(4);
    expect(report.checks.find((check) => check.id === 'projections')?.skipped).toBe(true);
    expect(esdb.connections).toEqual(['esdb://localhost:2113?tls=false']);
  });

  test('--eventstore: replay, as-of and document work the same', async () => {
    const esdb = await fakeEventStoreDb(journeyHistory().commands);
    const options = { cwd: cwd(), env: {}, connectEventStore: esdb.connect };
    const conn = ['--eventstore', 'esdb://localhost:2113?tls=false'];
    const replay = await cli(['replay', ...conn, '--json', '--quiet'], options);
    expect(replay.code).toBe(0);
    expect(replay.json<{ events: number }>().events).toBeGreaterThan(0);
    const asOf = await cli(['as-of', '2026-09-08T09:01:00Z', '--family', JOURNEY.familyId, ...conn, '--json'], options);
    expect(asOf.json<{ cancellations: unknown[] }>().cancellations).toHaveLength(1);
    const doc = await cli(['document', JOURNEY.ticketNumber, ...conn, '--out', '-'], options);
    expect(doc.code).toBe(0);
    expect(doc.stdoutBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
  });
});
