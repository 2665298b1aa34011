import * as jwt from 'jsonwebtoken';
import request from 'supertest';
import { DEMO_JWT_SECRET } from '../src/platform/config/app-config';
import { demoToken, expectErrorShape, newKey } from './support/http';
import { ProbeModule } from './support/probe.module';
import { startTestApp, TestApp } from './support/test-app';

const thing = { label: 'lunch', amountCents: 350 };

describe('auth', () => {
  let t: TestApp;
  let parentF1: string;
  let parentF2: string;
  let admin: string;
  let auditor: string;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule] });
    parentF1 = await demoToken(t, { role: 'parent', familyId: 'F1' });
    parentF2 = await demoToken(t, { role: 'parent', familyId: 'F2' });
    admin = await demoToken(t, { role: 'admin' });
    auditor = await demoToken(t, { role: 'auditor' });
  });
  afterAll(() => t.close());

  describe('401', () => {
    it('without a token, with a Bearer challenge', async () => {
      const res = await request(t.url).get('/api/probe/families/F1/things').expect(401);
      expectErrorShape(res.body, 'UNAUTHENTICATED');
      expect(res.headers['www-authenticate']).toBe('Bearer');
    });

    it.each([
      ['a malformed header', 'Token abc'],
      ['garbage', 'Bearer not.a.jwt'],
      ['another secret', `Bearer ${jwt.sign({ sub: 'x', role: 'admin', iss: 'periscol' }, 'another-secret-another-secret-12345', { algorithm: 'HS256' })}`],
      ['alg none', `Bearer ${jwt.sign({ sub: 'x', role: 'admin', iss: 'periscol' }, '', { algorithm: 'none' })}`],
      ['a parent token without a family', `Bearer ${jwt.sign({ sub: 'x', role: 'parent', iss: 'periscol' }, DEMO_JWT_SECRET, { algorithm: 'HS256' })}`],
      ['an unknown role', `Bearer ${jwt.sign({ sub: 'x', role: 'mayor', iss: 'periscol' }, DEMO_JWT_SECRET, { algorithm: 'HS256' })}`],
    ])('with %s', async (_label, header) => {
      const res = await request(t.url).get('/api/probe/admin-only').set('Authorization', header).expect(401);
      expectErrorShape(res.body, 'UNAUTHENTICATED');
    });

    it('once the token has expired on the injected clock (12 h)', async () => {
      const token = await demoToken(t, { role: 'admin' });
      await request(t.url).get('/api/probe/admin-only').auth(token, { type: 'bearer' }).expect(200);
      t.clock.advance({ hours: 12, seconds: 1 });
      try {
        const res = await request(t.url).get('/api/probe/admin-only').auth(token, { type: 'bearer' }).expect(401);
        expect(res.body.error.message).toBe('The token has expired');
      } finally {
        t.clock.set('2026-11-26T09:00:00.000Z');
      }
    });
  });

  describe('403 for a role the route does not allow', () => {
    it.each([
      ['parent', () => parentF1],
      ['auditor', () => auditor],
    ])('%s on an admin route', async (_role, token) => {
      const res = await request(t.url).get('/api/probe/admin-only').auth(token(), { type: 'bearer' }).expect(403);
      expectErrorShape(res.body, 'FORBIDDEN');
    });

    it('auditor on a mutating family route', async () => {
      const res = await request(t.url).post('/api/probe/families/F1/things').auth(auditor, { type: 'bearer' }).set('Idempotency-Key', newKey()).send(thing).expect(403);
      expectErrorShape(res.body, 'FORBIDDEN');
    });
  });

  describe('a parent and another family: 404, never 403, never the data', () => {
    it('reads its own family', async () => {
      const res = await request(t.url).get('/api/probe/families/F1/things').auth(parentF1, { type: 'bearer' }).expect(200);
      expect(res.body).toEqual({ familyId: 'F1', limit: 100 });
    });

    it('gets 404 reading another family, with the same answer as for a family that does not exist', async () => {
      const other = await request(t.url).get('/api/probe/families/F2/things').auth(parentF1, { type: 'bearer' }).expect(404);
      const missing = await request(t.url).get('/api/probe/families/NOPE/things').auth(parentF1, { type: 'bearer' }).expect(404);
      expectErrorShape(other.body, 'NOT_FOUND');
      expect(other.body).toEqual(missing.body);
      expect(JSON.stringify(other.body)).not.toContain('F2');
    });

    it('gets 404 writing to another family, before validation and idempotency, and nothing is appended', async () => {
      const head = await t.store.headPosition();
      await request(t.url).post('/api/probe/families/F2/things').auth(parentF1, { type: 'bearer' }).set('Idempotency-Key', newKey()).send(thing).expect(404);
      await request(t.url).post('/api/probe/families/F2/things').auth(parentF1, { type: 'bearer' }).send({ nonsense: true }).expect(404);
      expect(await t.store.headPosition()).toBe(head);
    });

    it('gets 404 for a resource owned by another family (ensureOwnedByActor), like an unknown one', async () => {
      await request(t.url).get('/api/probe/orders/order-1').auth(parentF1, { type: 'bearer' }).expect(200);
      const notYours = await request(t.url).get('/api/probe/orders/order-1').auth(parentF2, { type: 'bearer' }).expect(404);
      const unknown = await request(t.url).get('/api/probe/orders/order-9').auth(parentF2, { type: 'bearer' }).expect(404);
      expect(notYours.body).toEqual(unknown.body);
      expect(notYours.body.error.code).toBe('NOT_FOUND');
    });

    it('admins and auditors see any family', async () => {
      await request(t.url).get('/api/probe/families/F2/things').auth(admin, { type: 'bearer' }).expect(200);
      await request(t.url).get('/api/probe/families/F2/things').auth(auditor, { type: 'bearer' }).expect(200);
      await request(t.url).get('/api/probe/orders/order-1').auth(admin, { type: 'bearer' }).expect(200);
    });
  });

  describe('POST /api/auth/demo-token', () => {
    it('issues HS256 tokens with the contract claims, iat/exp from the injected clock', async () => {
      const token = await demoToken(t, { role: 'parent', familyId: 'F7' });
      const claims = jwt.verify(token, DEMO_JWT_SECRET, { algorithms: ['HS256'], clockTimestamp: Date.parse('2026-11-26T09:00:00Z') / 1000 }) as jwt.JwtPayload;
      expect(claims).toMatchObject({ sub: 'demo-parent-F7', role: 'parent', familyId: 'F7', iss: 'periscol' });
      expect(claims.iat).toBe(Date.parse('2026-11-26T09:00:00Z') / 1000);
      expect(claims.exp).toBe(Number(claims.iat) + 12 * 3600);
    });

    it.each([
      [{ role: 'parent' }],
      [{ role: 'admin', familyId: 'F1' }],
      [{ role: 'mayor' }],
      [{ role: 'parent', familyId: '../etc' }],
    ])('refuses %j with 400 VALIDATION_FAILED', async (body) => {
      const res = await request(t.url).post('/api/auth/demo-token').send(body).expect(400);
      expectErrorShape(res.body, 'VALIDATION_FAILED');
    });

    it('does not exist outside demo mode (404), and real tokens still work', async () => {
      const prod = await startTestApp({ env: { PERISCOL_DEMO: '0', PERISCOL_JWT_SECRET: 'x'.repeat(40), PERISCOL_PAYMENTS: 'simulated' }, imports: [ProbeModule] });
      try {
        const res = await request(prod.url).post('/api/auth/demo-token').send({ role: 'admin' }).expect(404);
        expectErrorShape(res.body, 'NOT_FOUND');
        // A demo-secret token is worthless there.
        await request(prod.url).get('/api/probe/admin-only').auth(admin, { type: 'bearer' }).expect(401);
        const real = jwt.sign({ sub: 'agent-7', role: 'admin', iss: 'periscol', exp: Date.parse('2026-11-26T10:00:00Z') / 1000 }, 'x'.repeat(40), { algorithm: 'HS256' });
        const ok = await request(prod.url).get('/api/probe/admin-only').auth(real, { type: 'bearer' }).expect(200);
        expect(ok.body).toEqual({ role: 'admin' });
      } finally {
        await prod.close();
      }
    });
  });

  it('refuses to start when a route declares no access policy', async () => {
    const { UnguardedModule } = await import('./support/probe.module');
    await expect(startTestApp({ imports: [UnguardedModule] })).rejects.toThrow(/without an access policy.*UnguardedController\.forgotten/);
  });
});
