/**
 * Upcasting end to end (R16): `ReservationRequested` changed from v1 (lines without their tariff)
 * to v2 (each line records the tariff applied). A store file keeps the v1 events an older
 * Periscol wrote; verify, replay, as-of and document all read them as v2.
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import type { AuditReport } from './checks/audit-report';
import { cli } from './testing/cli-harness';
import { JOURNEY, journeyHistory } from './testing/journey-history';
import { writeHistory } from './testing/random-history';
import { eventRows } from './testing/sqlite-tamper';
import { must, openTempStore, tempDir, type TempStore } from './testing/temp-store';

const stores: TempStore[] = [];

afterAll(async () => {
  for (const temp of stores) await temp.dispose();
});

async function storeWithJourney(v1: boolean): Promise<TempStore> {
  const temp = openTempStore(tempDir(v1 ? 'periscol-audit-v1-' : 'periscol-audit-v2-'));
  stores.push(temp);
  await writeHistory(temp.store, journeyHistory({ v1ReservationRequested: v1 }).commands, temp.clock);
  await temp.store.close();
  return temp;
}

const run = (temp: TempStore, argv: string[]) => cli(argv, { cwd: temp.dir, env: { PERISCOL_DATA_DIR: '.' } });

describe('a store holding v1 ReservationRequested events', () => {
  let v1: TempStore;
  let v2: TempStore;

  beforeAll(async () => {
    v1 = await storeWithJourney(true);
    v2 = await storeWithJourney(false);
  });

  test('the file really holds v1: schema version 1, lines without a tariff', () => {
    const [row] = eventRows(v1.file, "type = 'ReservationRequested'");
    expect((JSON.parse(row.metadata) as { schemaVersion: number }).schemaVersion).toBe(1);
    const lines = (JSON.parse(row.data) as { lines: Record<string, unknown>[] }).lines;
    expect(lines.length).toBe(3);
    for (const line of lines) expect(line).not.toHaveProperty('tariff');
    const [current] = eventRows(v2.file, "type = 'ReservationRequested'");
    expect((JSON.parse(current.metadata) as { schemaVersion: number }).schemaVersion).toBe(2);
  });

  test('verify: the v1 events decode (upcast to v2), chains and ledger hold', async () => {
    const result = await run(v1, ['verify', '--json', '--quiet']);
    const report = result.json<AuditReport>();
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(result.code).toBe(0);
    expect(report.checks.find((check) => check.id === 'events')?.detail).toMatch(/family events decode to their current version/);
  });

  test('as-of: the order lines read as v2, with the tariff the upcast gives (bracket "unknown")', async () => {
    const result = await run(v1, ['as-of', '2026-09-07T09:00:00Z', '--family', JOURNEY.familyId, '--json']);
    expect(result.code).toBe(0);
    const view = result.json<{ orders: { orderId: string; status: string; lines: { date: string; tariff: { effectiveFrom: string; bracket: string } }[] }[] }>();
    expect(view.orders).toHaveLength(1);
    expect(view.orders[0].status).toBe('confirmed');
    for (const line of view.orders[0].lines) expect(line.tariff).toEqual({ effectiveFrom: line.date, bracket: 'unknown' });
    // The same journey written as v2 keeps the real bracket.
    const current = (await run(v2, ['as-of', '2026-09-07T09:00:00Z', '--family', JOURNEY.familyId, '--json'])).json<typeof view>();
    expect(current.orders[0].lines[0].tariff.bracket).not.toBe('unknown');
  });

  test('replay: the API read models take the v1 slots (attendance, owners) as the v2 ones', async () => {
    for (const temp of [v1, v2]) expect((await run(temp, ['replay', '--out', 'read.sqlite', '--quiet'])).code).toBe(0);
    const dump = (temp: TempStore) => {
      const db = new Database(path.join(temp.dir, 'read.sqlite'), { readonly: true });
      try {
        const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'projection_checkpoints' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
        // Rows sorted whatever the table's column count (some tables have one column).
        const rows = (table: string) => db.prepare(`SELECT * FROM ${table}`).all().map((row) => JSON.stringify(row)).sort();
        return Object.fromEntries(tables.map((table) => [table, rows(table)]));
      } finally {
        db.close();
      }
    };
    const fromV1 = dump(v1);
    const attendanceTable = must(Object.keys(fromV1).find((name) => name.includes('attendance')));
    expect(fromV1[attendanceTable]).toHaveLength(2); // Monday and Tuesday; Thursday was cancelled
    expect(fromV1).toEqual(dump(v2));
  });

  test('documents: the order, ticket and credit note from v1 events are the same bytes as from v2', async () => {
    for (const query of [JOURNEY.ticketNumber, JOURNEY.creditNoteNumber, JOURNEY.orderId]) {
      const [a, b] = await Promise.all([v1, v2].map((temp) => run(temp, ['document', query, '--as-of', '2026-09-09T00:00:00Z', '--out', 'doc.pdf', '--json'])));
      expect(a.code).toBe(0);
      expect(b.code).toBe(0);
      const bytes = (temp: TempStore) => fs.readFileSync(path.join(temp.dir, 'doc.pdf'));
      expect(bytes(v1).equals(bytes(v2))).toBe(true);
      expect(a.json<{ sha256: string }>().sha256).toBe(b.json<{ sha256: string }>().sha256);
    }
  });
});
