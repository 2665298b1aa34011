import request from 'supertest';
import { demoToken, newKey } from './support/http';
import { ProbeModule } from './support/probe.module';
import { startTestApp, TestApp } from './support/test-app';

describe('request logs (structured, one line per request, no personal data — R17)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule] });
  });
  afterAll(() => t.close());

  const requestLines = () => t.logs.filter((line) => line.msg === 'request');

  it('logs method, route pattern, status, duration, request id and role — once per request', async () => {
    const token = await demoToken(t, { role: 'parent', familyId: 'F1' });
    const before = requestLines().length;
    const res = await request(t.url)
      .post('/api/probe/families/F1/things')
      .auth(token, { type: 'bearer' })
      .set('Idempotency-Key', newKey())
      .set('X-Request-Id', 'req-abc-123')
      .send({ label: 'Léa Dupont', amountCents: 350, email: 'lea.dupont@example.fr' })
      .expect(201);
    expect(res.headers['x-request-id']).toBe('req-abc-123');
    const lines = requestLines().slice(before);
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatchObject({
      level: 30,
      method: 'POST',
      route: '/api/probe/families/:familyId/things',
      status: 201,
      requestId: 'req-abc-123',
      role: 'parent',
      ms: expect.any(Number),
    });
  });

  it('never writes bodies, names, e-mails, tokens nor concrete family ids', async () => {
    const token = await demoToken(t, { role: 'admin' });
    await request(t.url).post('/api/probe/people').auth(token, { type: 'bearer' }).set('Idempotency-Key', newKey()).send({ name: 'Camille Martin' }).expect(201);
    await request(t.url).post('/api/probe/families/FAM-SECRET/things').auth(token, { type: 'bearer' }).set('Idempotency-Key', newKey()).send({ label: 'x', amountCents: 'nope', email: 'camille@example.fr' }).expect(400);
    const all = JSON.stringify(t.logs);
    for (const secret of ['Léa', 'Dupont', 'Camille', 'Martin', '@example.fr', 'FAM-SECRET', token]) expect(all).not.toContain(secret);
  });

  it('gives a fresh id when the client sends none or an unsafe one, and logs anonymous callers and unmatched routes', async () => {
    const res = await request(t.url).get('/api/nope').set('X-Request-Id', 'bad id\twith tab').expect(404);
    expect(res.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
    expect(requestLines().at(-1)).toMatchObject({ route: '(unmatched)', status: 404, role: 'anonymous', requestId: res.headers['x-request-id'] });
  });
});
