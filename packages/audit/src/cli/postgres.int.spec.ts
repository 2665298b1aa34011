/**
 * `--postgres <url>` (or PERISCOL_POSTGRES_URL) selects the PostgreSQL store: a history written
 * through the real adapter into a database of its own, then verified and exported by the CLI.
 */
import * as fs from 'node:fs';
import { PostgresEventStore } from '@periscol/event-store/postgres';
import { describeWithPostgres, TEST_POSTGRES_URL } from '@periscol/event-store/testing';
import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import type { AuditReport } from '../checks/audit-report';
import { cli } from '../testing/cli-harness';
import { randomHistory, SettableClock, writeHistory } from '../testing/random-history';
import { tempDir } from '../testing/temp-store';

describeWithPostgres('periscol-audit on PostgreSQL', () => {
  const database = `periscol_audit_${randomBytes(6).toString('hex')}`;
  const url = new URL(TEST_POSTGRES_URL);
  url.pathname = `/${database}`;
  const admin = () => new Client({ connectionString: TEST_POSTGRES_URL });
  const dirs: string[] = [];

  beforeAll(async () => {
    const client = admin();
    await client.connect();
    await client.query(`CREATE DATABASE ${database}`);
    await client.end();
    const clock = new SettableClock();
    const store = await PostgresEventStore.open({ connectionString: url.toString(), clock: clock.clock });
    await writeHistory(store, randomHistory({ seed: 7, families: 3 }).commands, clock);
    await store.close();
  }, 60_000);

  afterAll(async () => {
    for (const dir of dirs) fs.rmSync(dir, { recursive: true, force: true });
    const client = admin();
    await client.connect();
    await client.query(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
    await client.end();
  });

  const cwd = () => {
    const dir = tempDir();
    dirs.push(dir);
    return dir;
  };

  test('verify from PERISCOL_POSTGRES_URL: clean', async () => {
    const result = await cli(['verify', '--json', '--quiet'], { cwd: cwd(), env: { PERISCOL_POSTGRES_URL: url.toString() } });
    const report = result.json<AuditReport & { store: string }>();
    expect(report.store).toBe('PostgreSQL');
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
    expect(report.familiesChecked).toBe(3);
    expect(result.code).toBe(0);
  });

  test('--postgres: export writes the history; a URL that is not PostgreSQL is a usage error', async () => {
    const dir = cwd();
    const exported = await cli(['export', '--postgres', url.toString(), '--out', 'export', '--quiet'], { cwd: dir, env: {} });
    expect(exported.code).toBe(0);
    expect(fs.readdirSync(`${dir}/export`).length).toBeGreaterThan(0);
    const wrong = await cli(['verify', '--postgres', 'mysql://db/periscol'], { cwd: dir, env: {} });
    expect(wrong.code).toBe(2);
    const both = await cli(['verify', '--postgres', url.toString(), '--db', 'x.sqlite'], { cwd: dir, env: {} });
    expect(both.code).toBe(2);
  });
});
