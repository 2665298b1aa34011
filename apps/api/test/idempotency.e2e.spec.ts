import request from 'supertest';
import { canonicalJson } from '../src/platform/idempotency/body-hash';
import { IdempotencyContext } from '../src/platform/idempotency/idempotency-context';
import { IdempotencyRecords } from '../src/platform/idempotency/idempotency-records';
import { demoToken, expectErrorShape, newKey } from './support/http';
import { ProbeModule, ProbeState } from './support/probe.module';
import { startTestApp, TestApp } from './support/test-app';

const things = '/api/probe/families/F1/things';

describe('Idempotency-Key (R12), kept in the event store', () => {
  let t: TestApp;
  let parent: string;
  let state: ProbeState;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule] });
    parent = await demoToken(t, { role: 'parent', familyId: 'F1' });
    state = t.app.get(ProbeState);
  });
  afterAll(() => t.close());

  const create = (key: string | undefined, body: unknown, path = things, token = parent) => {
    const req = request(t.url).post(path).auth(token, { type: 'bearer' });
    return (key === undefined ? req : req.set('Idempotency-Key', key)).send(body as object);
  };
  const idempotencyStream = async (key: string, scope = 'parent:demo-parent-F1') =>
    (await t.store.readStream(IdempotencyRecords.streamId(new IdempotencyContext(key, scope).commandKey))).events;

  it('a missing key → 400 IDEMPOTENCY_KEY_REQUIRED; the handler does not run, nothing is appended', async () => {
    const before = { executions: state.executions, head: await t.store.headPosition() };
    const res = await create(undefined, { label: 'lunch', amountCents: 350 }).expect(400);
    expectErrorShape(res.body, 'IDEMPOTENCY_KEY_REQUIRED');
    expect({ executions: state.executions, head: await t.store.headPosition() }).toEqual(before);
  });

  it.each([
    ['with spaces', 'has spaces in it'],
    ['of 256 characters', 'x'.repeat(256)],
    ['with non-ASCII', 'clé-accentuée'],
  ])('an invalid key (%s) → 400 IDEMPOTENCY_KEY_INVALID', async (_label, key) => {
    const res = await create(key, { label: 'lunch', amountCents: 350 }).expect(400);
    expectErrorShape(res.body, 'IDEMPOTENCY_KEY_INVALID');
  });

  it('replay with the same body → same status and body, handler not run again, one RequestCompleted', async () => {
    const key = newKey();
    const first = await create(key, { label: 'lunch', amountCents: 350 }).expect(201);
    const executions = state.executions;
    const head = await t.store.headPosition();
    // Same body, other key order and spacing: the canonical JSON hash matches.
    const again = await request(t.url)
      .post(things)
      .auth(parent, { type: 'bearer' })
      .set('Idempotency-Key', key)
      .set('Content-Type', 'application/json')
      .send('{ "amountCents": 350,   "label": "lunch" }')
      .expect(201);
    expect(again.body).toEqual(first.body);
    expect(again.headers['idempotent-replayed']).toBe('true');
    expect(first.headers['idempotent-replayed']).toBeUndefined();
    expect(state.executions).toBe(executions);
    expect(await t.store.headPosition()).toBe(head);

    const events = await idempotencyStream(key);
    expect(events).toHaveLength(1);
    expect(events[0]).toMatchObject({
      type: 'RequestCompleted',
      revision: 0,
      data: { key, method: 'POST', path: things, status: 201, body: first.body, bodyStored: true, completedAt: '2026-11-26T09:00:00.000Z' },
      metadata: { schemaVersion: 1, actor: { userId: 'demo-parent-F1', role: 'parent' } },
    });
  });

  it('the same key with another body, or on another route → 409 IDEMPOTENCY_KEY_REUSED, nothing run', async () => {
    const key = newKey();
    await create(key, { label: 'lunch', amountCents: 350 }).expect(201);
    const executions = state.executions;
    const otherBody = await create(key, { label: 'lunch', amountCents: 351 }).expect(409);
    expectErrorShape(otherBody.body, 'IDEMPOTENCY_KEY_REUSED');
    const otherRoute = await create(key, { label: 'lunch', amountCents: 350 }, '/api/probe/families/F1/things?x=1').expect(409);
    expectErrorShape(otherRoute.body, 'IDEMPOTENCY_KEY_REUSED');
    expect(state.executions).toBe(executions);
    expect(await idempotencyStream(key)).toHaveLength(1);
  });

  it('a refusal (422) is stored too: same key and body → the same refusal, without running the handler', async () => {
    const key = newKey();
    const first = await create(key, { label: 'refuse', amountCents: 1 }).expect(422);
    const executions = state.executions;
    const again = await create(key, { label: 'refuse', amountCents: 1 }).expect(422);
    expect(again.body).toEqual(first.body);
    expect(again.body.error.code).toBe('DEADLINE_PASSED');
    expect(state.executions).toBe(executions);
    expect((await idempotencyStream(key))[0].data).toMatchObject({ status: 422, body: first.body });
  });

  it('an input error (400) is not stored: the client fixes the body and reuses its key', async () => {
    const key = newKey();
    await create(key, { label: '', amountCents: -1 }).expect(400);
    expect(await idempotencyStream(key)).toHaveLength(0);
    await create(key, { label: 'lunch', amountCents: 350 }).expect(201);
  });

  it('keys are scoped by caller: two parents using the same key do not collide', async () => {
    const other = await demoToken(t, { role: 'parent', familyId: 'F2' });
    const key = newKey();
    const a = await create(key, { label: 'lunch', amountCents: 350 }).expect(201);
    const b = await create(key, { label: 'lunch', amountCents: 350 }, '/api/probe/families/F2/things', other).expect(201);
    expect(b.headers['idempotent-replayed']).toBeUndefined();
    expect(b.body.thingId).not.toBe(a.body.thingId);
  });

  it('N concurrent identical requests: all may run, one RequestCompleted, every client gets the same answer', async () => {
    const N = 8;
    const key = newKey();
    const before = state.executions;
    state.latch.arm(N); // hold every handler until all N are inside: none has recorded an answer yet
    const responses = await Promise.all(Array.from({ length: N }, () => create(key, { label: 'race', amountCents: 700 })));
    expect(state.executions - before).toBe(N);

    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(201));
    // Same JSON value (the store keeps objects with sorted keys, so compare canonically).
    const bodies = new Set(responses.map((r) => canonicalJson(r.body)));
    expect(bodies.size).toBe(1);
    expect(responses.filter((r) => r.headers['idempotent-replayed'] === 'true')).toHaveLength(N - 1);

    const events = await idempotencyStream(key);
    expect(events).toHaveLength(1);
    expect(events[0].data).toMatchObject({ status: 201, body: responses[0].body });
    // The handlers' own write used an event id derived from the key: the store kept one.
    const domain = (await t.store.readStream('probe-F1')).events.filter((e) => (e.data as { label: string }).label === 'race');
    expect(domain).toHaveLength(1);
  });

  it('N concurrent identical requests that are refused: one stored refusal, the same answer for all', async () => {
    const N = 5;
    const key = newKey();
    state.latch.arm(N);
    const responses = await Promise.all(Array.from({ length: N }, () => create(key, { label: 'refuse', amountCents: 1 })));
    expect(responses.map((r) => r.status)).toEqual(Array(N).fill(422));
    expect(new Set(responses.map((r) => canonicalJson(r.body))).size).toBe(1);
    expect(await idempotencyStream(key)).toHaveLength(1);
  });

  it('two processes on the same store agree: concurrent twins on two instances → one record, one answer', async () => {
    const second = await startTestApp({ imports: [ProbeModule], dataDir: t.dataDir });
    try {
      const key = newKey();
      state.latch.arm(2); // the latch is shared: each instance's handler waits for the other's
      const body = { label: 'two-processes', amountCents: 990 };
      const [a, b] = await Promise.all([
        create(key, body),
        request(second.url).post(things).auth(parent, { type: 'bearer' }).set('Idempotency-Key', key).send(body),
      ]);
      expect([a.status, b.status]).toEqual([201, 201]);
      expect(canonicalJson(a.body)).toBe(canonicalJson(b.body));
      expect([a.headers['idempotent-replayed'], b.headers['idempotent-replayed']].filter(Boolean)).toEqual(['true']);
      expect(await idempotencyStream(key)).toHaveLength(1);
    } finally {
      await second.close({ keepData: true });
    }
  });

  it('survives a restart: a new process on the same store replays the stored answer', async () => {
    const key = newKey();
    const first = await create(key, { label: 'durable', amountCents: 120 }).expect(201);
    await t.close({ keepData: true });
    t = await startTestApp({ imports: [ProbeModule], dataDir: t.dataDir });
    state = t.app.get(ProbeState);
    const again = await create(key, { label: 'durable', amountCents: 120 }).expect(201);
    expect(again.body).toEqual(first.body);
    expect(state.executions).toBe(0);
    await create(key, { label: 'durable', amountCents: 121 }).expect(409);
  });

  describe("mode 'rerun' (an answer with personal data, R17)", () => {
    it('stores status and body hash but no body; a replay runs the idempotent handler again', async () => {
      const admin = await demoToken(t, { role: 'admin' });
      const key = newKey();
      const first = await create(key, { name: 'Camille Martin' }, '/api/probe/people', admin).expect(201);
      const again = await create(key, { name: 'Camille Martin' }, '/api/probe/people', admin).expect(201);
      expect(again.body.personId).toBe(first.body.personId);
      expect(again.body.execution).toBe(first.body.execution + 1);
      expect(again.headers['idempotent-replayed']).toBe('true');
      const events = await idempotencyStream(key, 'admin:demo-admin');
      expect(events).toHaveLength(1);
      expect(events[0].data).toMatchObject({ status: 201, body: null, bodyStored: false });
      expect(JSON.stringify(events[0])).not.toContain('Camille');
      await create(key, { name: 'Someone Else' }, '/api/probe/people', admin).expect(409);
    });
  });
});
