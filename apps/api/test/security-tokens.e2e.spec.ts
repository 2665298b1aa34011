import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import * as jwt from 'jsonwebtoken';
import pino from 'pino';
import request from 'supertest';
import { start } from '../src/bootstrap';
import { ManualClock } from '../src/platform/clock/clock';
import { demoToken, expectErrorShape } from './support/http';
import { startTestApp, TEST_START, TestApp } from './support/test-app';

const SECRET = 'a-municipality-secret-of-at-least-32-characters';
const nowSeconds = Date.parse(TEST_START) / 1000;

describe('bearer tokens must expire', () => {
  let t: TestApp;

  beforeAll(async () => {
    t = await startTestApp({ env: { PERISCOL_DEMO: '0', PERISCOL_JWT_SECRET: SECRET, PERISCOL_PAYMENTS: 'simulated' } });
  });
  afterAll(() => t.close());

  const sign = (claims: object) => jwt.sign({ sub: 'agent-7', role: 'admin', iss: 'periscol', ...claims }, SECRET, { algorithm: 'HS256' });

  it('a well-signed token without exp → 401, it would never expire', async () => {
    const res = await request(t.url).get('/api/admin/families').auth(sign({ iat: nowSeconds }), { type: 'bearer' }).expect(401);
    expectErrorShape(res.body, 'UNAUTHENTICATED');
    expect(res.body.error.message).toBe('The token has no expiry (exp)');
  });

  it('the same token with exp is accepted until then', async () => {
    const token = sign({ iat: nowSeconds, exp: nowSeconds + 60 });
    await request(t.url).get('/api/admin/families').auth(token, { type: 'bearer' }).expect(200);
    t.clock.advance({ seconds: 60 });
    try {
      await request(t.url).get('/api/admin/families').auth(token, { type: 'bearer' }).expect(401);
    } finally {
      t.clock.set(TEST_START);
    }
  });

  it("a non-numeric exp is refused too (jsonwebtoken's own check)", async () => {
    const forged = `${Buffer.from('{"alg":"HS256","typ":"JWT"}').toString('base64url')}.${Buffer.from(JSON.stringify({ sub: 'x', role: 'admin', iss: 'periscol', exp: 'never' })).toString('base64url')}`;
    const token = `${forged}.${createHmac('sha256', SECRET).update(forged).digest('base64url')}`;
    await request(t.url).get('/api/admin/families').auth(token, { type: 'bearer' }).expect(401);
  });
});

describe('demo tokens carry exp', () => {
  it('12 hours from the injected clock', async () => {
    const t = await startTestApp();
    try {
      const claims = jwt.decode(await demoToken(t, { role: 'parent', familyId: 'famille-martin' })) as jwt.JwtPayload;
      expect(claims.exp).toBe(nowSeconds + 12 * 3600);
    } finally {
      await t.close();
    }
  });
});

describe('start-up warns about demo mode', () => {
  const quiet = pino({ level: 'silent' });

  async function startWith(env: Record<string, string>, argv: string[]): Promise<{ out: string[]; err: string[] }> {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-warn-'));
    const out: string[] = [];
    const err: string[] = [];
    const result = await start({ env: { PORT: '0', PERISCOL_DATA_DIR: dataDir, ...env }, argv, out: (line) => out.push(line), err: (line) => err.push(line), overrides: { logger: quiet, clock: new ManualClock() } });
    try {
      if (!result.ok) throw new Error(`did not start: ${err.join('\n')}`);
    } finally {
      if (result.ok) await result.app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
    return { out, err };
  }

  it('--demo: one warning line on standard error, naming the public secret', async () => {
    const { err } = await startWith({}, ['--demo']);
    const warnings = err.filter((line) => line.startsWith('WARNING: demo mode'));
    expect(warnings).toHaveLength(1);
    expect(warnings[0]).toMatch(/public secret/);
    expect(warnings[0]).toMatch(/Never expose a demo server/);
  });

  it('demo mode with its own secret still warns that anyone gets any role', async () => {
    const { err } = await startWith({ PERISCOL_JWT_SECRET: SECRET }, ['--demo']);
    expect(err.find((line) => line.startsWith('WARNING: demo mode'))).toMatch(/gives any role to anyone/);
    expect(err.join('\n')).not.toMatch(/public secret/);
  });

  it('no warning outside demo mode', async () => {
    const { err } = await startWith({ PERISCOL_DEMO: '0', PERISCOL_JWT_SECRET: SECRET, PERISCOL_PAYMENTS: 'simulated' }, []);
    expect(err.filter((line) => line.includes('demo mode'))).toEqual([]);
  });
});
