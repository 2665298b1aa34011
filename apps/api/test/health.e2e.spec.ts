import request from 'supertest';
import { HealthChecks } from '../src/platform/health/health-checks';
import { startTestApp, TestApp } from './support/test-app';

describe('GET /api/health', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp();
  });
  afterAll(() => t.close());

  it('answers ok with the store reachable, publicly, through the QueryBus', async () => {
    const res = await request(t.url).get('/api/health').expect(200);
    expect(res.body).toEqual({
      status: 'ok',
      store: { kind: 'sqlite', ok: true, headPosition: expect.any(Number) },
      // The feature modules' own checks (read models, ticket process…).
      checks: expect.arrayContaining([{ name: 'projections', ok: true, detail: expect.any(String) }]),
      checkedAt: '2026-11-26T09:00:00.000Z',
    });
  });

  it('turns 503 "unavailable" when a registered check fails, naming it', async () => {
    const checks = t.app.get(HealthChecks);
    let lagging = true;
    checks.register({ name: 'probe', run: async () => (lagging ? { ok: false, detail: 'lag 42 events' } : { ok: true }) });
    const down = await request(t.url).get('/api/health').expect(503);
    expect(down.body.status).toBe('unavailable');
    expect(down.body.checks).toContainEqual({ name: 'probe', ok: false, detail: 'lag 42 events' });
    lagging = false;
    const up = await request(t.url).get('/api/health').expect(200);
    expect(up.body.checks).toContainEqual({ name: 'probe', ok: true });
  });

  it('turns 503 when the store cannot be reached', async () => {
    const other = await startTestApp();
    await other.store.close();
    const res = await request(other.url).get('/api/health').expect(503);
    expect(res.body.store).toEqual({ kind: 'sqlite', ok: false, detail: 'event store unreachable' });
    await other.close();
  });
});
