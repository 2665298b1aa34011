import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SQLITE_EVENTS_FILE } from '@periscol/event-store';
import { ManualClock } from '../src/platform/clock/clock';
import { readDatabaseFile } from '@periscol/application';
import { rebuildReadDatabase } from '../src/audit/rebuild-read-database';
import { JourneyApp, MARTIN, slot, W50 } from './journey.support';
import { TEST_START } from './support/test-app';

/**
 * A restart in the middle of the journey: the app is closed and a new one opened on the same
 * data folder. The state is intact, and the read models resume from their checkpoints: what
 * they had applied is not applied again, only what was appended while they were down.
 */
describe('a restart in the middle of the journey', () => {
  const { familyId, lea, hugo } = MARTIN;
  let dataDir: string;
  let clock: ManualClock;
  let j: JourneyApp;
  let confirmedOrderId: string;
  let pendingOrderId: string;

  const observe = async (app: JourneyApp) => ({
    family: (await app.get(`/api/families/${familyId}`, familyId).expect(200)).body,
    planning: await app.planning(familyId, W50.week),
    credits: (await app.get(`/api/families/${familyId}/credits`, familyId).expect(200)).body,
    confirmed: (await app.get(`/api/orders/${confirmedOrderId}`, familyId).expect(200)).body,
    pending: (await app.get(`/api/orders/${pendingOrderId}`, familyId).expect(200)).body,
    attendance: (await app.get(`/api/admin/attendance?date=${W50.monday}&activityId=restauration`, 'admin').expect(200)).body,
    families: (await app.get('/api/admin/families', 'admin').expect(200)).body,
  });

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-restart-'));
    clock = new ManualClock(TEST_START);
    j = await JourneyApp.start({ dataDir, clock });
  });
  afterAll(async () => {
    await j.close();
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  let before: Awaited<ReturnType<typeof observe>>;
  let headBefore: number;

  it('first life: reservations, a confirmation with credit, a cancellation, an order left pending', async () => {
    await j.grant(familyId, 1000).expect(201);
    confirmedOrderId = (await j.reserve(familyId, [slot(lea, 'restauration', W50.monday), slot(hugo, 'restauration', W50.monday), slot(lea, 'restauration', W50.tuesday)]).expect(201)).body.orderId;
    await j.post(`/api/orders/${confirmedOrderId}/confirm`, familyId).expect(200);
    await j.cancel(familyId, [slot(lea, 'restauration', W50.tuesday)]).expect(201);
    pendingOrderId = (await j.reserve(familyId, [slot(lea, 'mercredi', W50.wednesday), slot(lea, 'restauration', W50.thursday)]).expect(201)).body.orderId;
    await j.settle();
    before = await observe(j);
    headBefore = await j.store.headPosition();
    expect(before.pending).toMatchObject({ status: 'awaiting_payment', creditAppliedCents: 580 });
    expect(j.readModels().status().every((projection) => projection.position === headBefore)).toBe(true);
    await j.close({ keepData: true });
  });

  it('second life on the same folder: everything intact, no event applied again', async () => {
    j = await JourneyApp.start({ dataDir, clock });
    // Start-up (demo families already registered) appends nothing; projections start at their checkpoints.
    expect(await j.store.headPosition()).toBe(headBefore);
    expect(j.readModels().status().map((projection) => projection.position)).toEqual(j.readModels().status().map(() => headBefore));
    expect(await observe(j)).toEqual(before);
    expect(Object.values(j.readModels().eventsAppliedSinceStart())).toEqual(j.readModels().status().map(() => 0));
  });

  it('events appended while this process was down (by another instance) are the only ones applied', async () => {
    await j.close({ keepData: true });
    const other = await JourneyApp.start({ dataDir, clock, env: { PERISCOL_INSTANCE_ID: 'other' } });
    await other.reserve(familyId, [slot(hugo, 'restauration', W50.friday)]).expect(201);
    await other.settle();
    await other.close({ keepData: true });

    j = await JourneyApp.start({ dataDir, clock });
    await j.settle();
    const appendedMeanwhile = (await j.store.readAll({ after: headBefore })).length;
    expect(appendedMeanwhile).toBeGreaterThan(0);
    expect(Object.values(j.readModels().eventsAppliedSinceStart())).toEqual(j.readModels().status().map(() => appendedMeanwhile));
    expect(await j.slotStatus(familyId, W50.week, slot(hugo, 'restauration', W50.friday))).toMatchObject({ status: 'pending' });
  });

  it('the journey goes on after the restart: the pending order expires, its credit comes back, the history verifies', async () => {
    clock.advance({ hours: 1 });
    expect(await j.expireDue()).toEqual(expect.arrayContaining([pendingOrderId]));
    expect(await j.balance(familyId)).toBe(580);
    expect((await j.verify()).ok).toBe(true);
  });

  it('a lost read database is rebuilt from the history at start-up; the admin rebuild route gives the same answers', async () => {
    await j.settle();
    const now = await observe(j);
    await j.close({ keepData: true });
    const file = readDatabaseFile({ dataDir, instanceId: 'api' });
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(`${file}${suffix}`, { force: true });

    j = await JourneyApp.start({ dataDir, clock });
    expect(await observe(j)).toEqual(now);
    await j.close({ keepData: true });

    // The offline rebuild (what `node apps/api/dist/read-models/rebuild-read-database.js` runs).
    const offline = await rebuildReadDatabase({ PERISCOL_DATA_DIR: dataDir, PERISCOL_LOG_LEVEL: 'silent' });
    expect(offline.file).toBe(file);
    expect(offline.projections.map((projection) => projection.position)).toEqual(offline.projections.map(() => offline.headPosition));
    j = await JourneyApp.start({ dataDir, clock });
    expect(Object.values(j.readModels().eventsAppliedSinceStart())).toEqual(j.readModels().status().map(() => 0));
    expect(await observe(j)).toEqual(now);
    const rebuilt = (await j.post('/api/admin/projections/rebuild', 'admin', {}, null).expect(200)).body;
    expect(rebuilt.projections.every((projection: { position: number }) => projection.position === rebuilt.headPosition)).toBe(true);
    expect(await observe(j)).toEqual(now);
    expect((await j.verify()).ok).toBe(true);
  });

  it('a read database ahead of its event store (the store was replaced) is rebuilt, not trusted', async () => {
    await j.close({ keepData: true });
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(path.join(dataDir, `${SQLITE_EVENTS_FILE}${suffix}`), { force: true });
    j = await JourneyApp.start({ dataDir, clock });
    // Only the demo families again: no order, no credit from the first store.
    expect(await j.balance(familyId)).toBe(0);
    expect((await j.planning(familyId, W50.week)).children[0].days[0].slots.find((s) => s.activityId === 'restauration')).toMatchObject({ status: 'free' });
    await j.get(`/api/orders/${confirmedOrderId}`, familyId).expect(404);
    expect((await j.verify()).ok).toBe(true);
  });
});
