import { createHash } from 'node:crypto';
import request from 'supertest';
import { IdempotencyContext } from '../src/platform/idempotency/idempotency-context';
import { IdempotencyRecords } from '../src/platform/idempotency/idempotency-records';
import { demoToken, expectErrorShape, newKey } from './support/http';
import { ProbeModule } from './support/probe.module';
import { startTestApp, TestApp } from './support/test-app';

describe('error shape and bad input (never a 500)', () => {
  let t: TestApp;
  let admin: string;
  const things = '/api/probe/families/F1/things';

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule], config: { bodyLimitBytes: 2048 } });
    admin = await demoToken(t, { role: 'admin' });
  });
  afterAll(() => t.close());

  const post = (path: string) => request(t.url).post(path).auth(admin, { type: 'bearer' }).set('Idempotency-Key', newKey());

  it('malformed JSON → 400 MALFORMED_JSON, nothing appended', async () => {
    const head = await t.store.headPosition();
    const res = await post(things).set('Content-Type', 'application/json').send('{"label": "x", amountCents: }').expect(400);
    expectErrorShape(res.body, 'MALFORMED_JSON');
    expect(await t.store.headPosition()).toBe(head);
  });

  it('a JSON scalar where an object is expected → 400, not a parse crash', async () => {
    const res = await post(things).set('Content-Type', 'application/json').send('"just a string"').expect(400);
    expect(['MALFORMED_JSON', 'VALIDATION_FAILED']).toContain(res.body.error.code);
  });

  it.each([
    ['text/plain', 'label=x'],
    ['application/x-www-form-urlencoded', 'label=x&amountCents=1'],
    ['application/xml', '<thing/>'],
  ])('wrong content type %s → 400 UNSUPPORTED_CONTENT_TYPE', async (type, body) => {
    const res = await post(things).set('Content-Type', type).send(body).expect(400);
    expectErrorShape(res.body, 'UNSUPPORTED_CONTENT_TYPE');
  });

  it('a non-UTF-8 charset → 400 UNSUPPORTED_CONTENT_TYPE', async () => {
    const res = await post(things).set('Content-Type', 'application/json; charset=koi8-r').send('{}').expect(400);
    expectErrorShape(res.body, 'UNSUPPORTED_CONTENT_TYPE');
  });

  it('oversized body → 400 BODY_TOO_LARGE', async () => {
    const res = await post(things).send({ label: 'x', amountCents: 1, email: 'a'.repeat(4096) }).expect(400);
    expectErrorShape(res.body, 'BODY_TOO_LARGE');
  });

  it('zod failure → 400 VALIDATION_FAILED with every issue located, values not echoed', async () => {
    const res = await post(things).send({ label: '', amountCents: 3.5, email: 42 }).expect(400);
    expectErrorShape(res.body, 'VALIDATION_FAILED');
    expect(res.body.error.message).toBe('Invalid request body');
    const details = res.body.error.details as { location: string; path: unknown[]; code: string; message: string }[];
    expect(details.map((d) => [d.location, d.path.join('.')]).sort()).toEqual([
      ['body', 'amountCents'],
      ['body', 'email'],
      ['body', 'label'],
    ]);
    expect(details.every((d) => typeof d.code === 'string' && typeof d.message === 'string')).toBe(true);
  });

  it('missing body on a route that needs one → 400 VALIDATION_FAILED', async () => {
    const res = await post(things).expect(400);
    expectErrorShape(res.body, 'VALIDATION_FAILED');
  });

  it('bad path parameter → 400 VALIDATION_FAILED located in params', async () => {
    const res = await request(t.url).get('/api/probe/families/bad%20id!/things').auth(admin, { type: 'bearer' }).expect(400);
    expectErrorShape(res.body, 'VALIDATION_FAILED');
    expect(res.body.error.details[0]).toMatchObject({ location: 'params', path: ['familyId'] });
  });

  it('malformed percent-encoding in the path → 400, not 500', async () => {
    const res = await request(t.url).get('/api/probe/families/%E0%A4%A/things').auth(admin, { type: 'bearer' }).expect(400);
    expectErrorShape(res.body, 'BAD_REQUEST');
  });

  it.each([
    ['limit=abc', 'limit'],
    ['limit=5000', 'limit'],
    ['limit=1&limit=2', 'limit'],
  ])('bad query %s → 400 located in query', async (query, field) => {
    const res = await request(t.url).get(`${things}?${query}`).auth(admin, { type: 'bearer' }).expect(400);
    expectErrorShape(res.body, 'VALIDATION_FAILED');
    expect(res.body.error.message).toBe('Invalid query parameters');
    expect(res.body.error.details[0]).toMatchObject({ location: 'query', path: [field] });
  });

  it('valid query is parsed and defaulted', async () => {
    const res = await request(t.url).get(`${things}?limit=25`).auth(admin, { type: 'bearer' }).expect(200);
    expect(res.body).toEqual({ familyId: 'F1', limit: 25 });
  });

  it.each([
    ['GET', '/api/nope'],
    ['POST', '/api/nope'],
    ['DELETE', '/api/health'],
    ['GET', '/nope.html'],
  ])('unknown route %s %s → 404 NOT_FOUND in the contract shape', async (method, path) => {
    const res = await request(t.url)[method.toLowerCase() as 'get'](path).expect(404);
    expectErrorShape(res.body, 'NOT_FOUND');
  });

  it('an unexpected error → 500 INTERNAL, no internals leaked, logged for the operator, not stored', async () => {
    const key = newKey();
    const res = await request(t.url).post(things).auth(admin, { type: 'bearer' }).set('Idempotency-Key', key).send({ label: 'boom', amountCents: 1 }).expect(500);
    expect(res.body).toEqual({ error: { code: 'INTERNAL', message: 'Internal error', details: [] } });
    expect(JSON.stringify(res.body)).not.toMatch(/SQLITE|secret|\/var/);
    const logged = t.logs.find((line) => line.msg === 'unexpected error');
    expect(logged).toMatchObject({ level: 50, requestId: res.headers['x-request-id'] });
    // Unexpected failures are not stored: the same key may be retried, and runs again.
    const retry = await request(t.url).post(things).auth(admin, { type: 'bearer' }).set('Idempotency-Key', key).send({ label: 'boom', amountCents: 1 }).expect(500);
    expect(retry.headers['idempotent-replayed']).toBeUndefined();
    const stream = IdempotencyRecords.streamId(new IdempotencyContext(key, 'admin:demo-admin').commandKey);
    expect((await t.store.readStream(stream)).events).toHaveLength(0);
  });

  it('a domain refusal → its status from the table, code and details', async () => {
    const res = await post(things).send({ label: 'refuse', amountCents: 1 }).expect(422);
    expect(res.body).toEqual({ error: { code: 'DEADLINE_PASSED', message: 'Too late for this day', details: [{ date: '2026-11-27' }] } });
  });

  it('signed webhooks get their exact raw bytes, whatever the content type', async () => {
    const payload = '{"id":"evt_1",  "type":"checkout.session.completed"}\n';
    const res = await request(t.url).post('/api/payments/probe/webhook').set('Content-Type', 'application/json; charset=utf-8').send(payload).expect(201);
    expect(res.body).toEqual({ isBuffer: true, length: Buffer.byteLength(payload), sha256: createHash('sha256').update(payload).digest('hex') });
    const form = await request(t.url).post('/api/payments/probe/webhook').set('Content-Type', 'application/x-www-form-urlencoded').send('a=1&b=2').expect(201);
    expect(form.body.length).toBe(7);
    const tooBig = await request(t.url).post('/api/payments/probe/webhook').set('Content-Type', 'application/json').send('x'.repeat(4096)).expect(400);
    expectErrorShape(tooBig.body, 'BODY_TOO_LARGE');
  });
});
