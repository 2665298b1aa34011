import * as fs from 'node:fs';
import * as path from 'node:path';
import request from 'supertest';
import { DEFAULT_PORTAL_DIR } from '../src/app.factory';
import { demoToken, newKey } from './support/http';
import { startTestApp, TestApp } from './support/test-app';

type Headers = Record<string, string | undefined>;

/** Parses `a b; c d` into { a: 'b', c: 'd' }. */
function csp(headers: Headers): Record<string, string> {
  const policy = headers['content-security-policy'] ?? '';
  return Object.fromEntries(
    policy
      .split(';')
      .map((part) => part.trim())
      .filter(Boolean)
      .map((part) => [part.split(/\s+/)[0], part.split(/\s+/).slice(1).join(' ')]),
  );
}

function expectHardened(headers: Headers): void {
  expect(headers['x-frame-options']).toBe('DENY');
  expect(headers['x-content-type-options']).toBe('nosniff');
  expect(headers['referrer-policy']).toBe('no-referrer');
  expect(csp(headers)['frame-ancestors']).toBe("'none'");
  expect([csp(headers)['object-src'], csp(headers)['default-src']]).toContain("'none'");
  expect(headers['x-powered-by']).toBeUndefined();
}

describe('security headers on every answer', () => {
  let t: TestApp;
  let parent: string;
  const family = 'famille-martin';

  beforeAll(async () => {
    t = await startTestApp({ portalDir: DEFAULT_PORTAL_DIR });
    parent = await demoToken(t, { role: 'parent', familyId: family });
  });
  afterAll(() => t.close());

  it('the portal: scripts and stylesheets from this origin only, never framed', async () => {
    const res = await request(t.url).get('/').expect(200).expect('Content-Type', /text\/html/);
    expectHardened(res.headers);
    const policy = csp(res.headers);
    expect(policy['default-src']).toBe("'self'");
    expect(policy['script-src']).toBe("'self'");
    expect(policy['style-src']).toBe("'self'");
    expect(policy['connect-src']).toBe("'self'");
    const js = await request(t.url).get('/js/app.js').expect(200);
    expectHardened(js.headers);
  });

  it("the portal's files work with that policy: no inline script nor <style>, no inline handlers", () => {
    const files = (dir: string): string[] => fs.readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? files(path.join(dir, e.name)) : [path.join(dir, e.name)]));
    for (const file of files(DEFAULT_PORTAL_DIR).filter((f) => f.endsWith('.html'))) {
      const html = fs.readFileSync(file, 'utf8');
      expect({ file, inlineScripts: html.match(/<script(?![^>]*\bsrc=)[^>]*>/g) ?? [] }).toEqual({ file, inlineScripts: [] });
      expect({ file, styles: html.match(/<style|\sstyle=|\son[a-z]+=/gi) ?? [] }).toEqual({ file, styles: [] });
    }
  });

  it('API answers: no-store (personal data), a policy that loads nothing', async () => {
    const res = await request(t.url).get(`/api/families/${family}`).auth(parent, { type: 'bearer' }).expect(200);
    expectHardened(res.headers);
    expect(res.headers['cache-control']).toBe('no-store');
    expect(csp(res.headers)['default-src']).toBe("'none'");
  });

  it('errors too, including those answered before routing', async () => {
    const notFound = await request(t.url).get('/api/nope').expect(404);
    const unauthenticated = await request(t.url).get(`/api/families/${family}`).expect(401);
    const malformed = await request(t.url).post(`/api/families/${family}/quote`).auth(parent, { type: 'bearer' }).set('Content-Type', 'application/json').send('{').expect(400);
    for (const res of [notFound, unauthenticated, malformed]) {
      expectHardened(res.headers);
      expect(res.headers['cache-control']).toBe('no-store');
    }
  });

  it('PDFs: no-store', async () => {
    const res = await request(t.url).get(`/api/families/${family}/recap.pdf`).auth(parent, { type: 'bearer' }).expect(200).expect('Content-Type', 'application/pdf');
    expectHardened(res.headers);
    expect(res.headers['cache-control']).toBe('no-store');
  });

  it('the OpenAPI document may be cached; its HTML page keeps its own strict policy', async () => {
    const doc = await request(t.url).get('/api/openapi.json').expect(200);
    expectHardened(doc.headers);
    expect(doc.headers['cache-control']).toBeUndefined();
    const page = await request(t.url).get('/api/docs').expect(200);
    expectHardened(page.headers);
    expect(csp(page.headers)['default-src']).toBe("'none'");
  });

  it('the payment page: no-store, its inline style allowed, no script, forms back to this site and the portal only', async () => {
    const order = await request(t.url)
      .post(`/api/families/${family}/reservations`)
      .auth(parent, { type: 'bearer' })
      .set('Idempotency-Key', newKey())
      .send({ slots: [{ childId: 'lea-martin', activityId: 'restauration', date: '2026-12-07' }] })
      .expect(201);
    const checkout = await request(t.url).post(`/api/orders/${order.body.orderId}/checkout`).auth(parent, { type: 'bearer' }).set('Idempotency-Key', newKey()).send({}).expect(200);
    const page = await request(t.url).get(new URL(checkout.body.checkoutUrl).pathname).expect(200).expect('Content-Type', /text\/html/);
    expectHardened(page.headers);
    expect(page.headers['cache-control']).toBe('no-store');
    const policy = csp(page.headers);
    expect(policy['default-src']).toBe("'none'");
    expect(policy['style-src']).toBe("'unsafe-inline'");
    expect(policy['script-src']).toBeUndefined();
    expect(policy['form-action']).toBe(`'self' ${new URL(t.config.publicUrl).origin}`);
    expect(page.text).not.toMatch(/<script/i);

    const missing = await request(t.url).get('/pay/sim_cs_unknown').expect(404);
    expectHardened(missing.headers);
    expect(missing.headers['cache-control']).toBe('no-store');
  });
});
