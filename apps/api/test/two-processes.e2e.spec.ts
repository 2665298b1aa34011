import { ChildProcess, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventStore } from '@periscol/event-store';
import request from 'supertest';
import { ManualClock } from '../src/platform/clock/clock';
import { newKey } from './support/http';
import { TEST_START } from './support/test-app';
import { JourneyApp, MARTIN, slot, W50, W51 } from './journey.support';

/** Holds the first `count` family appends made through any of `stores`, then releases them together. */
function holdFamilyAppends(stores: EventStore[], familyId: string, count: number): void {
  let waiting = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  const originals = stores.map((store) => store.appendToStream.bind(store));
  const originalsMany = stores.map((store) => store.appendMany.bind(store));
  const hold = (): Promise<void> => {
    waiting += 1;
    if (waiting === count) {
      stores.forEach((s, k) => {
        s.appendToStream = originals[k];
        s.appendMany = originalsMany[k];
      });
      release();
    }
    return gate;
  };
  stores.forEach((store, i) => {
    store.appendToStream = (streamId, events, options) => {
      if (streamId !== `family-${familyId}` || waiting >= count) return originals[i](streamId, events, options);
      return hold().then(() => originals[i](streamId, events, options));
    };
    // A command appends its events and its recorded answer together.
    store.appendMany = (appends) => {
      if (!appends.some((part) => part.streamId === `family-${familyId}`) || waiting >= count) return originalsMany[i](appends);
      return hold().then(() => originalsMany[i](appends));
    };
  });
}

/** The API started as a real child process on the same data folder; resolves with its URL. */
function startChildApi(dataDir: string): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, [path.join(__dirname, 'two-processes.child.cjs')], {
    env: { ...process.env, PORT: '0', PERISCOL_DATA_DIR: dataDir, PERISCOL_INSTANCE_ID: 'child', PERISCOL_DEMO: '1', PERISCOL_TEST_CLOCK: TEST_START },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  return new Promise((resolve, reject) => {
    let out = '';
    let err = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /listening on (http:\/\/localhost:\d+)/.exec(out);
      if (match) resolve({ child, url: match[1].replace('localhost', '127.0.0.1') });
    });
    child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
    child.on('exit', (code) => reject(new Error(`child API exited with ${code}: ${err}`)));
  });
}

/**
 * Two API processes over one SQLite store file (two in-process apps with their own instance id
 * and read database, plus one real child process) taking alternate requests for one family:
 * no slot is held twice, each idempotency key has one result, every process reads what any
 * other one wrote.
 */
describe('API processes sharing one SQLite store', () => {
  const { familyId, lea, hugo } = MARTIN;
  let dataDir: string;
  let a: JourneyApp;
  let b: JourneyApp;
  let child: ChildProcess;
  let c: { url: string };

  beforeAll(async () => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-two-'));
    const clock = new ManualClock(TEST_START);
    a = await JourneyApp.start({ dataDir, clock, env: { PERISCOL_INSTANCE_ID: 'a' } });
    b = await JourneyApp.start({ dataDir, clock, env: { PERISCOL_INSTANCE_ID: 'b' } });
    const started = await startChildApi(dataDir);
    child = started.child;
    c = { url: started.url };
  }, 30_000);
  afterAll(async () => {
    if (child && child.exitCode === null) {
      const exited = new Promise((resolve) => child.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
    await a?.close({ keepData: true });
    await b?.close({ keepData: true });
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  // The child is driven with tokens signed by `a`: same demo secret, same (manual) time.
  const childPost = (path: string, body: object, key = newKey()) => request(c.url).post(path).auth(a.token(familyId), { type: 'bearer' }).set('Idempotency-Key', key).send(body);
  const childGet = (path: string) => request(c.url).get(path).auth(a.token(familyId), { type: 'bearer' });

  it('alternate requests: each process sees what the others wrote, and refuses a slot another one holds', async () => {
    const onA = (await a.reserve(familyId, [slot(lea, 'restauration', W50.monday)]).expect(201)).body;
    expect(await b.slotStatus(familyId, W50.week, slot(lea, 'restauration', W50.monday))).toMatchObject({ status: 'pending', orderId: onA.orderId });
    const onB = (await b.reserve(familyId, [slot(lea, 'restauration', W50.tuesday)]).expect(201)).body;
    const onC = (await childPost(`/api/families/${familyId}/reservations`, { slots: [slot(lea, 'restauration', W50.thursday)] }).expect(201)).body;
    expect((await childGet(`/api/orders/${onB.orderId}`).expect(200)).body.orderId).toBe(onB.orderId);
    expect((await a.get(`/api/orders/${onC.orderId}`, familyId).expect(200)).body.status).toBe('awaiting_payment');

    expect((await b.reserve(familyId, [slot(lea, 'restauration', W50.monday)]).expect(409)).body.error.code).toBe('SLOT_TAKEN');
    expect((await childPost(`/api/families/${familyId}/reservations`, { slots: [slot(lea, 'restauration', W50.tuesday)] }).expect(409)).body.error.code).toBe('SLOT_TAKEN');
    expect((await a.reserve(familyId, [slot(lea, 'restauration', W50.thursday)]).expect(409)).body.error.code).toBe('SLOT_TAKEN');
  });

  it('one idempotency key, one result, whichever process the retries reach', async () => {
    const key = newKey();
    const body = [slot(hugo, 'restauration', W50.monday)];
    const first = await a.reserve(familyId, body, key).expect(201);
    const onB = await b.reserve(familyId, body, key).expect(201);
    const onC = await childPost(`/api/families/${familyId}/reservations`, { slots: body }, key).expect(201);
    // The key is scoped by caller: the child sees the same parent (same token subject).
    expect(onB.body).toEqual(first.body);
    expect(onC.body).toEqual(first.body);
    expect(onB.headers['idempotent-replayed']).toBe('true');

    const twinKey = newKey();
    const twins = await Promise.all([a.reserve(familyId, [slot(hugo, 'restauration', W50.tuesday)], twinKey), b.reserve(familyId, [slot(hugo, 'restauration', W50.tuesday)], twinKey)]);
    expect(twins.map((res) => res.status)).toEqual([201, 201]);
    expect(twins[1].body).toEqual(twins[0].body);
  });

  it('conflicting requests racing on two processes: exactly one wins, the slot is held once', async () => {
    const contested = slot(lea, 'restauration', W51.monday);
    const others = [W51.tuesday, W51.thursday, W51.friday].flatMap((date) => [slot(lea, 'accueil-soir', date), slot(hugo, 'accueil-matin', date)]);
    holdFamilyAppends([a.store, b.store], familyId, others.length);
    const responses = await Promise.all(others.map((other, i) => (i % 2 === 0 ? a : b).reserve(familyId, [contested, other])));
    expect(responses.map((res) => res.status).sort()).toEqual([201, 409, 409, 409, 409, 409]);
    expect(responses.filter((res) => res.status === 409).every((res) => res.body.error.code === 'SLOT_TAKEN')).toBe(true);

    const { events } = await a.store.readStream(`family-${familyId}`);
    const held = events
      .filter((event) => event.type === 'ReservationRequested')
      .flatMap((event) => (event.data as { lines: { childId: string; activityId: string; date: string }[] }).lines)
      .map((line) => `${line.childId}|${line.activityId}|${line.date}`);
    expect(held.length).toBe(new Set(held).size);
  });

  it('every process verifies the same history and serves the same planning', async () => {
    await a.settle();
    await b.settle();
    const planningA = await a.planning(familyId, W50.week);
    const planningC = (await childGet(`/api/families/${familyId}/planning?week=${W50.week}`).expect(200)).body;
    expect(await b.planning(familyId, W50.week)).toEqual(planningA);
    expect(planningC).toEqual(planningA);
    expect((await a.verify()).ok).toBe(true);
    expect((await b.verify()).ok).toBe(true);
  });
});
