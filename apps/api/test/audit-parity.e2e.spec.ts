/**
 * `GET /api/audit/verify` and `periscol-audit verify --json` run the same verification: on the
 * data folder of a real API run (SQLite files in a temp dir), given the same read database, they
 * report the same checks with the same findings — on the honest history, after an amount edited
 * in a stored event, and after a row cut short so that it is no longer JSON.
 */
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { readDatabaseFile } from '@periscol/application';
import type { AuditReport } from '@periscol/audit';
import { cli } from '@periscol/audit/testing';
import { SQLITE_EVENTS_FILE } from '@periscol/event-store';
import { JourneyApp, MARTIN, slot, W50, W51 } from './journey.support';

/** What both must agree on: every check (id, name, verdict, detail) and every finding's code and place. */
function comparable(report: AuditReport) {
  return {
    ok: report.ok,
    eventsChecked: report.eventsChecked,
    checks: report.checks.map((check) => ({
      id: check.id,
      name: check.name,
      ok: check.ok,
      skipped: check.skipped ?? false,
      detail: check.detail,
      violations: check.violations.map(({ code, streamId, revision, position, familyId }) => ({ code, streamId, revision, position, familyId })),
    })),
    totals: report.totals,
    documentNumbers: report.documentNumbers,
  };
}

describe('audit: the HTTP route and the CLI give the same report on the same store', () => {
  let j: JourneyApp;
  const { familyId, lea } = MARTIN;

  beforeAll(async () => {
    j = await JourneyApp.start();
    await j.grant(familyId, 5000).expect(201);
    // Enough commands for the API to store a snapshot of the family (every 25 events).
    for (const week of [W50, W51]) {
      for (const day of [week.monday, week.tuesday, week.thursday, week.friday]) {
        const order = (await j.reserve(familyId, [slot(lea, 'restauration', day)]).expect(201)).body;
        await j.post(`/api/orders/${order.orderId}/confirm`, familyId).expect(200);
      }
      await j.cancel(familyId, [slot(lea, 'restauration', week.tuesday)]).expect(201);
    }
    await j.settle();
  });
  afterAll(() => j.close());

  const eventsFile = () => path.join(j.t.dataDir, SQLITE_EVENTS_FILE);

  async function bothReports(): Promise<{ http: AuditReport; cli: AuditReport; exitCode: number }> {
    const http = (await j.get('/api/audit/verify', 'auditor').expect(200)).body as AuditReport;
    // The API process's own read database, named explicitly: both compare the same projections.
    const run = await cli(['verify', '--json', '--quiet', '--db', eventsFile(), '--read-db', readDatabaseFile(j.t.config)], { cwd: j.t.dataDir, env: {} });
    if (run.stdout === '') throw new Error(`periscol-audit verify gave no report (exit ${run.code}): ${run.stderr}`);
    return { http, cli: run.json<AuditReport>(), exitCode: run.code };
  }

  function editRow(sql: string, position: number): void {
    const db = new Database(eventsFile());
    try {
      expect(db.prepare(sql).run(position).changes).toBe(1);
    } finally {
      db.close();
    }
  }

  it('on the honest history: the same checks, all passing', async () => {
    const { http, cli: audit, exitCode } = await bothReports();
    expect(comparable(audit)).toEqual(comparable(http));
    expect(http.checks.map((check) => check.id)).toEqual(['hash-chains', 'events', 'ledger', 'slots', 'numbering', 'regie', 'attendance', 'projections', 'snapshots', 'payments']);
    expect(http.checks.filter((check) => !check.ok)).toEqual([]);
    // Nothing skipped: the read models and the family snapshot the API stored are compared too.
    expect(http.checks.filter((check) => check.skipped)).toEqual([]);
    expect(Object.keys(http.documentNumbers).length).toBeGreaterThan(0);
    expect(exitCode).toBe(0);
  });

  it('an amount edited in a stored event: both fail the same checks at the same stream and revision', async () => {
    const { events } = await j.store.readStream(`family-${familyId}`);
    const granted = events.find((event) => event.type === 'CreditIssued' && (event.data as { source?: string }).source === 'goodwill');
    if (!granted) throw new Error('no goodwill credit in the history');
    editRow("UPDATE events SET data = json_set(data, '$.amountCents', 100000) WHERE position = ?", granted.position);

    const { http, cli: audit, exitCode } = await bothReports();

    expect(comparable(audit)).toEqual(comparable(http));
    expect(exitCode).toBe(1);
    // The edited event breaks its chain; the family snapshot stored after it no longer matches a fresh fold.
    expect(http.checks.filter((check) => !check.ok).map((check) => check.id)).toEqual(['hash-chains', 'snapshots']);
    const chains = http.checks.find((check) => check.id === 'hash-chains');
    expect(chains?.violations).toEqual([expect.objectContaining({ code: 'HASH_MISMATCH', streamId: granted.streamId, revision: granted.revision, position: granted.position })]);
    const snapshots = http.checks.find((check) => check.id === 'snapshots');
    expect(snapshots?.violations).toEqual([expect.objectContaining({ code: 'PROJECTION_DIFFERS', streamId: granted.streamId, familyId })]);
  });

  it('a row cut short (no longer JSON): both name it, and still run every other check', async () => {
    const { events } = await j.store.readStream(`person-${familyId}`);
    const target = events[events.length - 1];
    editRow('UPDATE events SET data = substr(data, 1, length(data) / 2) WHERE position = ?', target.position);

    const { http, cli: audit, exitCode } = await bothReports();

    expect(comparable(audit)).toEqual(comparable(http));
    expect(exitCode).toBe(1);
    expect(http.checks.map((check) => check.id)).toEqual(['hash-chains', 'events', 'ledger', 'slots', 'numbering', 'regie', 'attendance', 'projections', 'snapshots', 'payments']);
    const chains = http.checks.find((check) => check.id === 'hash-chains');
    expect(chains?.violations).toContainEqual(expect.objectContaining({ code: 'UNREADABLE_EVENT', streamId: target.streamId, revision: target.revision, position: target.position }));
  });
});
