import * as fs from 'node:fs';
import * as path from 'node:path';
import Database from 'better-sqlite3';
import { familyStateToJson } from '@periscol/application';
import type { AuditReport } from '../checks/audit-report';
import { cli } from '../testing/cli-harness';
import { JOURNEY, journeyHistory } from '../testing/journey-history';
import { randomHistory, writeHistory } from '../testing/random-history';
import { changeOneByte, eventRows } from '../testing/sqlite-tamper';
import { must, openTempStore, type TempStore } from '../testing/temp-store';

let temp: TempStore;

afterEach(async () => {
  await temp?.dispose();
});

async function storeWith(commands: Parameters<typeof writeHistory>[1]): Promise<TempStore> {
  temp = openTempStore();
  await writeHistory(temp.store, commands, temp.clock);
  await temp.store.close();
  return temp;
}

const run = (argv: string[], env: Record<string, string> = { PERISCOL_DATA_DIR: '.' }) => cli(argv, { cwd: temp.dir, env });

describe('periscol-audit verify', () => {
  test('a clean store: readable report, exit 0; PERISCOL_DATA_DIR locates the store', async () => {
    await storeWith(randomHistory({ seed: 11, families: 5 }).commands);
    const result = await run(['verify', '--quiet'], { PERISCOL_DATA_DIR: temp.dir });
    expect(result.stderr).toBe('');
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('OK    hash chains');
    expect(result.stdout).toContain('OK    ledger conservation (R11)');
    expect(result.stdout).toContain('Result: clean (exit 0)');
  });

  test('a tampered store: exit 1, the JSON report locates the edited event', async () => {
    await storeWith(randomHistory({ seed: 12, families: 3 }).commands);
    const target = eventRows(temp.file, "type = 'CreditIssued'")[0];
    const index = target.data.indexOf('"amountCents":') + '"amountCents":'.length;
    changeOneByte(temp.file, target.position, index, target.data[index] === '1' ? '2' : '1');

    const result = await run(['verify', '--db', 'events.sqlite', '--json', '--quiet']);

    expect(result.code).toBe(1);
    const report = result.json<AuditReport & { store: string }>();
    expect(report.ok).toBe(false);
    const chains = report.checks.find((check) => check.id === 'hash-chains');
    expect(chains?.violations[0]).toMatchObject({ code: 'HASH_MISMATCH', streamId: target.stream_id, revision: target.revision, position: target.position });
  });

  test('a progress bar is drawn on stderr with carriage returns', async () => {
    await storeWith(randomHistory({ seed: 13, families: 2 }).commands);
    const result = await run(['verify', '--db', 'events.sqlite']);
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\rhistory {6}\[=+\] 100%/);
  });
});

describe('periscol-audit replay and the projections check', () => {
  test('replay rebuilds every read model of the API, with events/s', async () => {
    await storeWith(randomHistory({ seed: 21, families: 4 }).commands);
    const result = await run(['replay', '--db', 'events.sqlite', '--json', '--quiet']);
    expect(result.code).toBe(0);
    const replay = result.json<{ events: number; eventsPerSecond: number; projections: { name: string; position: number }[] }>();
    expect(replay.events).toBe(eventRows(temp.file).length);
    expect(replay.eventsPerSecond).toBeGreaterThan(0);
    expect(replay.projections.map((p) => p.name).sort()).toEqual(['attendance', 'family-search', 'owners', 'pending-orders', 'persons'].sort());
  });

  test('a live read model equal to the history verifies; a row changed in it is reported', async () => {
    await storeWith(randomHistory({ seed: 22, families: 4 }).commands);
    // A read database as an API process leaves it: replayed, then named read-<instance>.sqlite.
    expect((await run(['replay', '--db', 'events.sqlite', '--out', 'read-api-1.sqlite', '--quiet'])).code).toBe(0);

    const clean = await run(['verify', '--db', 'events.sqlite', '--json', '--quiet']);
    const projections = clean.json<AuditReport>().checks.find((check) => check.id === 'projections');
    expect(projections).toMatchObject({ ok: true });
    expect(projections?.skipped).toBeUndefined();
    expect(projections?.detail).toContain('5 projections in 1 read model');

    const db = new Database(path.join(temp.dir, 'read-api-1.sqlite'));
    // A projection's row: the attendance's when this history reserved a day, else the owners'.
    const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND (name LIKE '%attendance%' OR name LIKE '%owner%') ORDER BY name").all() as { name: string }[]).map((row) => row.name);
    const table = tables.find((name) => (db.prepare(`SELECT COUNT(*) AS n FROM ${name}`).get() as { n: number }).n > 0) as string;
    expect(db.prepare(`DELETE FROM ${table} WHERE rowid = (SELECT MIN(rowid) FROM ${table})`).run().changes).toBe(1);
    db.close();

    const broken = await run(['verify', '--db', 'events.sqlite', '--json', '--quiet']);
    expect(broken.code).toBe(1);
    const check = broken.json<AuditReport>().checks.find((c) => c.id === 'projections');
    expect(check?.ok).toBe(false);
    expect(check?.violations[0].message).toContain(`read-api-1.sqlite:${table.includes('attendance') ? 'attendance' : 'owners'}.${table}`);
    expect(check?.violations[0].message).toContain('replay only:');
  });
});

describe('the API family snapshots check', () => {
  test('a snapshot equal to the fold of its stream passes; one that differs is located', async () => {
    const history = randomHistory({ seed: 23, families: 3 });
    await storeWith(history.commands);
    expect((await run(['replay', '--out', 'read-api-1.sqlite', '--quiet'])).code).toBe(0);
    const [good, bad] = history.familyIds;
    const goodState = must(history.states.get(good));
    const badState = must(history.states.get(bad));
    const revision = (familyId: string) => eventRows(temp.file, 'stream_id = ?', `family-${familyId}`).length - 1;
    const db = new Database(path.join(temp.dir, 'read-api-1.sqlite'));
    db.exec('CREATE TABLE family_snapshots (family_id TEXT PRIMARY KEY, revision INTEGER NOT NULL, state TEXT NOT NULL)');
    const insert = db.prepare('INSERT INTO family_snapshots (family_id, revision, state) VALUES (?, ?, ?)');
    insert.run(good, revision(good), familyStateToJson(goodState));
    insert.run(bad, revision(bad), familyStateToJson({ ...badState, balanceCents: badState.balanceCents + 100 }));
    db.close();

    const result = await run(['verify', '--json', '--quiet']);
    const check = result.json<AuditReport>().checks.find((c) => c.id === 'snapshots');
    expect(check?.ok).toBe(false);
    expect(check?.detail).toMatch(/^1 problem/);
    expect(check?.violations[0]).toMatchObject({ code: 'PROJECTION_DIFFERS', familyId: bad, revision: revision(bad) });
    expect(result.code).toBe(1);
  });
});

describe('periscol-audit as-of', () => {
  test('before and after a cancellation: the slot, the balance and the documents differ', async () => {
    const journey = journeyHistory();
    await storeWith(journey.commands);
    const unitPrice = must(journey.state.orders.get(JOURNEY.orderId)).lines[2].unitPriceCents;
    const beforeAt = '2026-09-08T08:59:00Z';
    const afterAt = '2026-09-08T09:01:00Z';

    const before = await run(['as-of', beforeAt, '--family', JOURNEY.familyId, '--json', '--out', 'before']);
    const after = await run(['as-of', afterAt, '--family', JOURNEY.familyId, '--json', '--out', 'after']);

    expect(before.code).toBe(0);
    expect(after.code).toBe(0);
    type View = { credit: { balanceCents: number }; cancellations: unknown[]; planning: { week: string; children: { days: { date: string; slots: { activityId: string; status: string }[] }[] }[] }[]; documents: { file: string }[] };
    const b = before.json<View>();
    const a = after.json<View>();
    const thursday = (view: View) => must(must(view.planning[0].children[0].days.find((day) => day.date === JOURNEY.cancelledDate)).slots.find((slot) => slot.activityId === 'restauration')).status;
    expect(b.planning[0].week).toBe(JOURNEY.week);
    expect(thursday(b)).toBe('reserved');
    expect(thursday(a)).toBe('free');
    expect(b.credit.balanceCents).toBe(0);
    expect(a.credit.balanceCents).toBe(unitPrice);
    expect(b.cancellations).toHaveLength(0);
    expect(a.cancellations).toHaveLength(1);
    expect(b.documents.map((d) => path.basename(d.file)).sort()).toEqual(['commande-order-1.pdf', 'ticket-R-2026-000001.pdf']);
    expect(a.documents.map((d) => path.basename(d.file)).sort()).toEqual(['annulation-cancel-1.pdf', 'commande-order-1.pdf', 'ticket-R-2026-000001.pdf']);
  });

  test('the text report shows the planning grid and the balance', async () => {
    await storeWith(journeyHistory().commands);
    const result = await run(['as-of', '2026-09-08T09:01:00Z', '--family', JOURNEY.familyId]);
    expect(result.code).toBe(0);
    expect(result.stdout).toContain('family fam-journey (Famille Dupré)');
    expect(result.stdout).toContain(`Planning ${JOURNEY.week}`);
    expect(result.stdout).toMatch(/restauration\s+R\s+R\s+-\s+\.\s+/);
    expect(result.stdout).toMatch(/Credit balance: \d+,\d\d €/);
  });
});

describe('periscol-audit document', () => {
  test('a ticket regenerated twice is the same bytes, and --compare says so', async () => {
    await storeWith(journeyHistory().commands);
    const first = await run(['document', JOURNEY.ticketNumber, '--json']);
    expect(first.code).toBe(0);
    const file = path.join(temp.dir, `ticket-${JOURNEY.ticketNumber}.pdf`);
    expect(fs.readFileSync(file).subarray(0, 5).toString('latin1')).toBe('%PDF-');

    const again = await run(['document', JOURNEY.ticketNumber, '--out', 'again.pdf', '--compare', path.basename(file)]);
    expect(again.code).toBe(0);
    expect(again.stdout).toContain(`identical to ticket-${JOURNEY.ticketNumber}.pdf`);
  });

  test('a ticket is regenerated as it was issued: a later change of name does not alter it, an order of today shows it', async () => {
    const journey = journeyHistory();
    await storeWith(journey.commands);
    expect((await run(['document', JOURNEY.ticketNumber, '--out', 'ticket-then.pdf'])).code).toBe(0);
    expect((await run(['document', JOURNEY.orderId, '--as-of', '2026-09-20T00:00:00Z', '--out', 'order-then.pdf'])).code).toBe(0);
    const before = temp;
    const renamed = { streamId: `person-${JOURNEY.familyId}`, now: '2026-09-15T10:00:00.000Z', key: 'rename', events: [{ type: 'FamilyIdentityRecorded', data: { familyId: JOURNEY.familyId, name: 'Famille Dupré-Martin', email: 'dupre@example.org' }, schemaVersion: 1 }] };
    await storeWith([...journey.commands, renamed]);
    try {
      for (const name of ['ticket-then.pdf', 'order-then.pdf']) fs.copyFileSync(path.join(before.dir, name), path.join(temp.dir, name));
      const ticket = await run(['document', JOURNEY.ticketNumber, '--out', 'ticket-now.pdf', '--compare', 'ticket-then.pdf']);
      expect(ticket.stdout).toContain('identical to ticket-then.pdf');
      const order = await run(['document', JOURNEY.orderId, '--as-of', '2026-09-20T00:00:00Z', '--out', 'order-now.pdf', '--compare', 'order-then.pdf']);
      expect(order.code).toBe(1);
      expect(order.stdout).toContain('DIFFERS from order-then.pdf');
    } finally {
      await before.dispose();
    }
  });

  test('--compare with another PDF differs: exit 1', async () => {
    await storeWith(journeyHistory().commands);
    await run(['document', JOURNEY.creditNoteNumber, '--out', 'avoir.pdf']);
    const result = await run(['document', JOURNEY.ticketNumber, '--out', '-', '--compare', 'avoir.pdf']);
    expect(result.code).toBe(1);
    expect(result.stdoutBytes.subarray(0, 5).toString('latin1')).toBe('%PDF-');
    expect(result.stderr).toContain('DIFFERS from avoir.pdf');
  });

  test('an unknown number: exit 1 with its code; a malformed one: exit 2', async () => {
    await storeWith(journeyHistory().commands);
    const missing = await run(['document', 'R-2026-000999']);
    expect(missing.code).toBe(1);
    expect(missing.stderr).toContain('DOCUMENT_NOT_FOUND');
    const malformed = await run(['document', 'R-26-1']);
    expect(malformed.code).toBe(2);
  });
});

describe('periscol-audit export', () => {
  test('events and per-family ledgers as CSV and JSON Lines', async () => {
    const history = randomHistory({ seed: 31, families: 3 });
    await storeWith(history.commands);
    const result = await run(['export', '--out', 'out', '--json', '--quiet']);
    expect(result.code).toBe(0);
    const rows = eventRows(temp.file);
    const read = (name: string) => fs.readFileSync(path.join(temp.dir, 'out', name), 'utf8');

    const jsonl = read('events.jsonl').trimEnd().split('\n').map((line) => JSON.parse(line) as { position: number; metadata: { hash: string } });
    expect(jsonl.map((event) => event.position)).toEqual(rows.map((row) => row.position));
    expect(jsonl[0].metadata.hash).toBe((JSON.parse(rows[0].metadata) as { hash: string }).hash);
    const csv = read('events.csv').split('\r\n').filter(Boolean);
    expect(csv).toHaveLength(rows.length + 1);
    expect(csv[0]).toBe('position,stream_id,revision,type,schema_version,event_id,recorded_at,correlation_id,causation_id,actor_user_id,actor_role,previous_hash,hash,data,metadata');

    const summaries = read('ledger-summary.jsonl').trimEnd().split('\n').map((line) => JSON.parse(line) as { familyId: string; balanced: boolean; paymentsCents: number });
    expect(summaries.map((s) => s.familyId).sort()).toEqual([...history.familyIds].sort());
    expect(summaries.every((s) => s.balanced)).toBe(true);
    const ledger = read('ledger.jsonl').trimEnd().split('\n').map((line) => JSON.parse(line) as { familyId: string; entry: string; amountCents: number });
    for (const summary of summaries) {
      const received = ledger.filter((e) => e.familyId === summary.familyId && e.entry === 'payment_received').reduce((sum, e) => sum + e.amountCents, 0);
      expect(received).toBe(summary.paymentsCents);
    }
  });
});

describe('usage errors exit 2 and change nothing', () => {
  test.each([
    [['nope']],
    [['verify', '--db', 'missing.sqlite']],
    [['verify', '--unknown']],
    [['as-of', '2026-09-08T09:01:00Z']],
    [['as-of', 'yesterday', '--family', 'f']],
    [['as-of', '2026-09-08', '--family', 'f', '--week', '38']],
    [['export', '--format', 'xml']],
    [['verify', '--db', 'events.sqlite', '--eventstore', 'esdb://localhost:2113']],
    [['verify', '--eventstore', 'http://localhost']],
    [['verify', '--municipality', 'nowhere.json']],
  ])('%j', async (argv) => {
    await storeWith(journeyHistory().commands);
    const before = fs.readdirSync(temp.dir).sort();
    const result = await run(argv);
    expect(result.code).toBe(2);
    expect(result.stderr).not.toBe('');
    expect(fs.readdirSync(temp.dir).sort()).toEqual(before);
  });

  test('no command prints the usage and exits 2; --help exits 0', async () => {
    temp = openTempStore();
    expect((await run([])).code).toBe(2);
    const help = await run(['--help']);
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('periscol-audit verify');
  });
});
