import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { verifyHistory } from '@periscol/audit';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import { demoCatalog } from '@periscol/reservation-domain';
import { cityYearDir, cityYearFile } from './city-year.cache';

// Generating and verifying even a tiny year takes a few seconds on these machines.
jest.setTimeout(120_000);

let root: string;
beforeAll(() => {
  root = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-city-test-'));
});
afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

const rows = (file: string, sql: string) => {
  const db = new Database(file, { readonly: true });
  try {
    return db.prepare(sql).all() as Record<string, unknown>[];
  } finally {
    db.close();
  }
};

describe('the city-year generator, tiny', () => {
  const parameters = { families: 50, seed: 7, closures: 2 };

  test('a year the domain would record: the auditor verifies it clean', async () => {
    const { file, summary, generated } = await cityYearFile(parameters, { root });
    expect(generated).toBe(true);
    expect(summary.refused).toEqual({});
    expect(summary.families).toBe(50);
    // Everything the year is made of happened.
    for (const key of ['orders', 'payments', 'cancellations', 'closedDays', 'familiesCreditedByClosures', 'refunds', 'abandonedOrExpired'] as const) expect(summary[key]).toBeGreaterThan(0);
    expect(rows(file, 'SELECT COUNT(*) AS n FROM events')[0].n).toBe(summary.events);

    const store = new SqliteEventStore(file);
    try {
      const report = await verifyHistory(store, { catalog: demoCatalog });
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
      expect(report.familiesChecked).toBe(50);
      expect(report.documentNumbers['R-2026']).toBeGreaterThan(0);
      expect(report.documentNumbers['A-2027']).toBeGreaterThan(0);
    } finally {
      await store.close();
    }
  });

  test('recorded in calendar order, most orders in the deadline hour', () => {
    const file = path.join(cityYearDir(parameters, root), 'events.sqlite');
    const recorded = rows(file, "SELECT metadata ->> '$.recordedAt' AS at FROM events ORDER BY position").map((row) => String(row.at));
    expect([...recorded].sort()).toEqual(recorded);
    // The canteen's weekly deadline is Tuesday 23:59 in Paris: 21:59 UTC in summer time, 22:59 in winter.
    const requested = rows(file, "SELECT data ->> '$.requestedAt' AS at FROM events WHERE type = 'ReservationRequested'").map((row) => new Date(String(row.at)));
    const lastHour = requested.filter((at) => at.getUTCDay() === 2 && (at.getUTCHours() === 21 || at.getUTCHours() === 22));
    expect(lastHour.length / requested.length).toBeGreaterThan(0.4);
  });

  test('deterministic from the seed, and reused from the cache', async () => {
    const again = await cityYearFile(parameters, { root });
    expect(again.generated).toBe(false);
    const other = await cityYearFile(parameters, { root: fs.mkdtempSync(path.join(root, 'again-')) });
    expect(other.generated).toBe(true);
    const hashes = (file: string) => rows(file, "SELECT stream_id, metadata ->> '$.hash' AS hash FROM events ORDER BY position");
    expect(hashes(other.file)).toEqual(hashes(again.file));
  });
});
