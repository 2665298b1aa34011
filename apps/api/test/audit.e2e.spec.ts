import * as path from 'node:path';
import { SQLITE_EVENTS_FILE } from '@periscol/event-store';
import { initialFamilyState } from '@periscol/reservation-domain';
import Database from 'better-sqlite3';
import { familyStateToJson } from '@periscol/application';
import { JourneyApp, MARTIN, slot, W50 } from './journey.support';

type Report = Awaited<ReturnType<JourneyApp['verify']>>;
const failed = (report: Report) => report.checks.filter((check) => !check.ok).map((check) => check.name);

describe('audit: the event log and the verification replay', () => {
  let j: JourneyApp;
  const { familyId, lea } = MARTIN;

  beforeAll(async () => {
    j = await JourneyApp.start();
    await j.grant(familyId, 1000).expect(201);
    const order = (await j.reserve(familyId, [slot(lea, 'restauration', W50.monday), slot(lea, 'restauration', W50.tuesday)]).expect(201)).body;
    await j.post(`/api/orders/${order.orderId}/confirm`, familyId).expect(200);
    await j.cancel(familyId, [slot(lea, 'restauration', W50.tuesday)]).expect(201);
    await j.settle();
  });
  afterAll(() => j.close());

  it('GET /api/audit/events pages through every event in global order', async () => {
    const head = await j.store.headPosition();
    const seen: number[] = [];
    let after = 0;
    for (let page = 0; page < 100; page++) {
      const body = (await j.get(`/api/audit/events?after=${after}&limit=7`, 'auditor').expect(200)).body;
      seen.push(...body.events.map((e: { position: number }) => e.position));
      if (body.next === undefined) break;
      expect(body.events).toHaveLength(7);
      after = body.next;
    }
    expect(seen).toEqual(Array.from({ length: head }, (_, i) => i + 1));
    const first = (await j.get('/api/audit/events?limit=1', 'auditor').expect(200)).body.events[0];
    expect(first).toMatchObject({ position: 1, revision: 0, schemaVersion: 1, metadata: { eventId: expect.any(String), hash: expect.stringMatching(/^[0-9a-f]{64}$/), previousHash: '' } });
    expect((await j.get('/api/audit/events?limit=1001', 'auditor').expect(400)).body.error.code).toBe('VALIDATION_FAILED');
  });

  it('GET /api/audit/verify: every check passes on an honest history', async () => {
    const report = await j.verify();
    expect(report.checks.map((check) => check.name)).toEqual([
      'hash chains',
      'events readable (schema, upcast)',
      'ledger conservation (R11)', // with R10: a balance never negative
      'no slot reserved twice',
      'ticket and credit-note numbers continuous per year',
      'régie journal: closed days match their recorded figures (R18)',
      'pointage: marks readable, of their day, each correcting the previous one (R20)',
      'projections equal to a fresh replay',
      'family snapshots equal to their stream',
      'payments received recorded in the ledger',
    ]);
    expect(failed(report)).toEqual([]);
    expect(report.eventsChecked).toBe(await j.store.headPosition());
  });

  it('a read model edited behind the projections is caught by the fresh replay', async () => {
    const db = j.readModels().db;
    const row = db.prepare('SELECT rowid FROM attendance LIMIT 1').get() as { rowid: number };
    db.prepare("UPDATE attendance SET order_id = 'order-forged' WHERE rowid = ?").run(row.rowid);
    const report = await j.verify();
    expect(failed(report)).toEqual(['projections equal to a fresh replay']);
    expect(report.checks.find((check) => !check.ok)?.detail).toContain('attendance.attendance');
    await j.post('/api/admin/projections/rebuild', 'admin', {}, null).expect(200);
    expect((await j.verify()).ok).toBe(true);
  });

  it('a family snapshot that does not match its stream is caught', async () => {
    const db = j.readModels().db;
    db.prepare('INSERT OR REPLACE INTO family_snapshots (family_id, revision, state) VALUES (?, ?, ?)').run(familyId, 2, familyStateToJson(initialFamilyState()));
    const report = await j.verify();
    expect(failed(report)).toEqual(['family snapshots equal to their stream']);
    expect(report.checks.find((check) => !check.ok)?.violations).toEqual([expect.objectContaining({ code: 'PROJECTION_DIFFERS', familyId, revision: 2 })]);
    await j.post('/api/admin/projections/rebuild', 'admin', {}, null).expect(200);
  });

  it('one stored event edited in the SQLite file breaks its hash chain, and the report says where', async () => {
    const { events } = await j.store.readStream(`family-${familyId}`);
    const requested = events.find((event) => event.type === 'ReservationRequested');
    if (!requested) throw new Error('no reservation in the history');
    const file = new Database(path.join(j.t.dataDir, SQLITE_EVENTS_FILE));
    try {
      file.prepare("UPDATE events SET data = json_set(data, '$.totalCents', 1) WHERE position = ?").run(requested.position);
    } finally {
      file.close();
    }
    const report = await j.verify();
    expect(report.ok).toBe(false);
    const chains = report.checks.find((check) => check.name === 'hash chains');
    expect(chains).toMatchObject({ ok: false });
    expect(chains?.violations[0]).toMatchObject({ code: 'HASH_MISMATCH', streamId: `family-${familyId}`, revision: requested.revision, position: requested.position });
  });
});
