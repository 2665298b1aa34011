/**
 * `verify` over a data folder as the API leaves it (events file with its numbering streams, a
 * read database with a snapshot of every family), with one row of the events file edited behind
 * the store's back: the row is a finding, located, and every other check still runs over the
 * rest of the history.
 */
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { familyStateToJson } from '@periscol/application';
import { ledgerOf } from '@periscol/reservation-domain';
import type { AuditCheck, AuditReport, CheckId, Violation } from '../checks/audit-report';
import { addTotals, ZERO_TOTALS } from '../checks/family-ledger.check';
import { cli, type CliRun } from '../testing/cli-harness';
import { numberingCommands } from '../testing/numbering-history';
import { randomHistory, writeHistory, type RandomHistory } from '../testing/random-history';
import { appendCopy, cutText, deleteRow, eventRows, setJsonValue, setType, type EventRow } from '../testing/sqlite-tamper';
import { must, openTempStore, type TempStore } from '../testing/temp-store';

const CHECK_IDS: CheckId[] = ['hash-chains', 'events', 'ledger', 'slots', 'numbering', 'regie', 'attendance', 'projections', 'snapshots', 'payments'];

let temp: TempStore;
let history: RandomHistory;
let clean: AuditReport;

const verify = () => cli(['verify', '--json', '--quiet'], { cwd: temp.dir, env: { PERISCOL_DATA_DIR: '.' } });
const checkOf = (report: AuditReport, id: CheckId): AuditCheck => must(report.checks.find((check) => check.id === id), id);
/** The JSON report; a verify that did not give one fails the test with what it printed. */
function reportOf(result: CliRun): AuditReport {
  if (result.stdout === '') throw new Error(`no report (exit ${result.code}): ${result.stderr}`);
  return result.json<AuditReport>();
}
const violationsOf = (report: AuditReport): Violation[] => report.checks.flatMap((check) => check.violations);

beforeEach(async () => {
  history = randomHistory({ seed: 51, families: 5 });
  temp = openTempStore();
  await writeHistory(temp.store, [...history.commands, ...numberingCommands(history.states)], temp.clock);
  await temp.store.close();
  // The API's read database: its read models, and a snapshot of every family at its last revision.
  expect((await cli(['replay', '--out', 'read-api-1.sqlite', '--quiet'], { cwd: temp.dir, env: { PERISCOL_DATA_DIR: '.' } })).code).toBe(0);
  const db = new Database(path.join(temp.dir, 'read-api-1.sqlite'));
  try {
    db.exec('CREATE TABLE IF NOT EXISTS family_snapshots (family_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, state TEXT NOT NULL)');
    for (const [familyId, state] of history.states) {
      const revision = eventRows(temp.file, 'stream_id = ?', `family-${familyId}`).length - 1;
      db.prepare('INSERT OR REPLACE INTO family_snapshots (family_id, revision, state) VALUES (?, ?, ?)').run(familyId, revision, familyStateToJson(state));
    }
  } finally {
    db.close();
  }
  const result = await verify();
  clean = reportOf(result);
  expect(clean.checks.filter((check) => !check.ok)).toEqual([]);
  expect(result.code).toBe(0);
});

afterEach(async () => {
  await temp.dispose();
});

/** A family event in the middle of a family stream that numbered documents (its ChildEnrolled). */
function familyRow(): EventRow {
  const numbered = [...history.states].filter(([, state]) => state.payments.size > 0).map(([familyId]) => `family-${familyId}`);
  const row = eventRows(temp.file, "type = 'ChildEnrolled'").find((candidate) => numbered.includes(candidate.stream_id));
  return must(row, 'ChildEnrolled row of a family with payments');
}

function totalsWithout(familyId: string | undefined) {
  return [...history.states].filter(([id]) => id !== familyId).reduce((totals, [, state]) => addTotals(totals, ledgerOf(state)), ZERO_TOTALS);
}

/** Every check ran; the ledger, slots and numbering give their normal results over the other events. */
function expectOtherChecksRan(report: AuditReport, notJudged: string | undefined): void {
  expect(report.checks.map((check) => check.id)).toEqual(CHECK_IDS);
  expect(report.familiesChecked).toBe(history.familyIds.length);
  const ledger = checkOf(report, 'ledger');
  expect(ledger.ok).toBe(true);
  expect(report.totals).toEqual(totalsWithout(notJudged));
  expect(report.totals.paymentsCents).toBeGreaterThan(0);
  if (notJudged !== undefined) {
    expect(ledger.detail).toContain(`${history.familyIds.length - 1} families balanced`);
    expect(ledger.detail).toContain('1 family not judged');
  }
  expect(checkOf(report, 'slots').ok).toBe(true);
  expect(report.documentNumbers).toEqual(clean.documentNumbers);
  expect(checkOf(report, 'numbering').detail).toMatch(/R-2026: 1\.\.\d+/);
  expect(checkOf(report, 'projections').skipped).toBeUndefined();
  const snapshots = checkOf(report, 'snapshots');
  expect(snapshots.skipped).toBeUndefined();
  // The other families' snapshots are still compared, and equal.
  expect(snapshots.violations.filter((violation) => violation.familyId !== notJudged)).toEqual([]);
}

describe('verify: a bad row in a family stream is a finding, every other check still runs', () => {
  const located = (row: EventRow) => ({ streamId: row.stream_id, revision: row.revision, position: row.position });

  test.each([
    ['its data cut short (not JSON)', (row: EventRow) => cutText(temp.file, row.position, 'data'), 'UNREADABLE_EVENT'],
    ['its metadata cut short (not JSON)', (row: EventRow) => cutText(temp.file, row.position, 'metadata'), 'UNREADABLE_EVENT'],
    ['its data no longer matching its schema', (row: EventRow) => setJsonValue(temp.file, row.position, 'data', '$.childId', 42), 'INVALID_EVENT'],
    ['its schema version one no code can upcast', (row: EventRow) => setJsonValue(temp.file, row.position, 'metadata', '$.schemaVersion', 99), 'INVALID_EVENT'],
    ['its type changed to one that does not exist', (row: EventRow) => setType(temp.file, row.position, 'ChildTeleported'), 'INVALID_EVENT'],
  ])('%s', async (_what, tamper, code) => {
    const row = familyRow();
    tamper(row);

    const result = await verify();

    expect(result.code).toBe(1);
    const report = reportOf(result);
    expect(report.ok).toBe(false);
    expect(violationsOf(report)).toContainEqual(expect.objectContaining({ code, ...located(row) }));
    expectOtherChecksRan(report, row.stream_id.slice('family-'.length));
  });

  test('a deleted row: a revision gap, located at the next row', async () => {
    const row = familyRow();
    const next = must(eventRows(temp.file, 'stream_id = ? AND revision = ?', row.stream_id, row.revision + 1)[0], 'next row');
    deleteRow(temp.file, row.position);

    const result = await verify();

    expect(result.code).toBe(1);
    const report = reportOf(result);
    const gap = must(violationsOf(report).find((violation) => violation.code === 'REVISION_GAP'), 'REVISION_GAP');
    expect(gap).toMatchObject(located(next));
    expect(gap.message).toContain(`revision ${row.revision} is missing`);
    expectOtherChecksRan(report, row.stream_id.slice('family-'.length));
  });

  test('an extra row (a copy at the end of the stream): a broken link, located', async () => {
    const copy = appendCopy(temp.file, familyRow().position);

    const result = await verify();

    expect(result.code).toBe(1);
    const report = reportOf(result);
    expect(checkOf(report, 'hash-chains').violations).toContainEqual(expect.objectContaining({ code: 'BROKEN_LINK', ...located(copy) }));
    // The copy reads as an event of the family: the family is judged with it.
    expectOtherChecksRan(report, undefined);
  });

  test('a numbering row cut short: located; the number it assigned is reported, the rest is checked', async () => {
    const rows = eventRows(temp.file, "stream_id = 'numbering-R-2026'");
    expect(rows.length).toBeGreaterThan(2);
    const row = rows[1];
    const number = (JSON.parse(row.data) as { number: string }).number;
    cutText(temp.file, row.position, 'data');

    const result = await verify();

    expect(result.code).toBe(1);
    const report = reportOf(result);
    expect(checkOf(report, 'hash-chains').violations).toContainEqual(expect.objectContaining({ code: 'UNREADABLE_EVENT', ...located(row) }));
    expect(report.checks.map((check) => check.id)).toEqual(CHECK_IDS);
    expect(checkOf(report, 'ledger').ok).toBe(true);
    expect(report.totals).toEqual(totalsWithout(undefined));
    expect(checkOf(report, 'numbering').violations).toEqual([expect.objectContaining({ code: 'NUMBER_NOT_ASSIGNED', message: expect.stringContaining(number) })]);
    expect(report.documentNumbers).toEqual(clean.documentNumbers);
    expect(checkOf(report, 'snapshots')).toMatchObject({ ok: true });
  });
});
