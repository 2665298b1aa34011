import request from 'supertest';
import { RouteRegistry } from '../src/platform/routing/route-registry';
import { ProbeModule } from './support/probe.module';
import { startTestApp, TestApp } from './support/test-app';

type Doc = {
  openapi: string;
  paths: Record<string, Record<string, { operationId: string; security: unknown[]; parameters?: { name: string; in: string; required: boolean; schema: unknown }[]; requestBody?: { content: Record<string, { schema: unknown }> }; responses: Record<string, { description: string; content?: Record<string, { schema: unknown }> }>; 'x-roles': string[] }>>;
  components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> };
};

/** Every `$ref` in the document, to check that each resolves. */
function refs(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((item) => refs(item, found));
  else if (value && typeof value === 'object') {
    for (const [key, item] of Object.entries(value)) {
      if (key === '$ref' && typeof item === 'string') found.push(item);
      else refs(item, found);
    }
  }
  return found;
}

describe('OpenAPI document and docs page, generated from the route definitions', () => {
  let t: TestApp;
  let doc: Doc;

  beforeAll(async () => {
    t = await startTestApp({ imports: [ProbeModule] });
    doc = (await request(t.url).get('/api/openapi.json').expect(200).expect('Content-Type', /application\/json/)).body as Doc;
  });
  afterAll(() => t.close());

  it('is OpenAPI 3.1 and lists every mounted route declared with @Route', () => {
    expect(doc.openapi).toBe('3.1.0');
    const operations = Object.entries(doc.paths).flatMap(([path, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${path}`));
    // Exactly the routes mounted (the feature modules' too), among them the frame's and the probe's.
    const mounted = t.app.get(RouteRegistry).list().map((route) => `${route.method} ${route.path.replace(/:([A-Za-z0-9_]+)/g, '{$1}')}`);
    expect(operations.sort()).toEqual(mounted.sort());
    expect(operations).toEqual(
      expect.arrayContaining([
        'GET /api/docs',
        'GET /api/health',
        'GET /api/openapi.json',
        'GET /api/probe/admin-only',
        'GET /api/probe/families/{familyId}/things',
        'GET /api/probe/orders/{orderId}',
        'POST /api/auth/demo-token',
        'POST /api/probe/families/{familyId}/things',
        'POST /api/probe/people',
      ]),
    );
  });

  it('describes parameters, the Idempotency-Key header, bodies, access and errors from the same zod schemas', () => {
    const create = doc.paths['/api/probe/families/{familyId}/things'].post;
    expect(create.operationId).toBe('probeCreateThing');
    expect(create.security).toEqual([{ bearer: [] }]);
    expect(create['x-roles']).toEqual(['parent', 'admin']);
    expect(create.parameters).toEqual([
      { name: 'familyId', in: 'path', required: true, schema: expect.objectContaining({ type: 'string', pattern: expect.any(String) }) },
      expect.objectContaining({ name: 'Idempotency-Key', in: 'header', required: true }),
    ]);
    expect(create.requestBody?.content['application/json'].schema).toEqual({ $ref: '#/components/schemas/ProbeThingInput' });
    expect(doc.components.schemas.ProbeThingInput).toMatchObject({ type: 'object', required: ['label', 'amountCents'], properties: { amountCents: { type: 'integer' } } });
    expect(create.responses['201'].content?.['application/json'].schema).toMatchObject({ type: 'object', required: expect.arrayContaining(['thingId']) });
    expect(create.responses['422'].description).toContain('DEADLINE_PASSED');
    expect(create.responses['409'].description).toContain('IDEMPOTENCY_KEY_REUSED');
    expect(Object.keys(create.responses).sort()).toEqual(['201', '400', '401', '403', '404', '409', '422', '500']);

    const list = doc.paths['/api/probe/families/{familyId}/things'].get;
    expect(list.parameters?.map((p) => [p.name, p.in, p.required])).toEqual([
      ['familyId', 'path', true],
      ['limit', 'query', false],
      ['after', 'query', false],
    ]);
    expect(list.parameters?.some((p) => p.name === 'Idempotency-Key')).toBe(false);

    const health = doc.paths['/api/health'].get;
    expect(health.security).toEqual([]);
    expect(Object.keys(health.responses)).toEqual(expect.arrayContaining(['200', '503']));
  });

  it('every $ref resolves inside the document', () => {
    for (const ref of refs(doc)) {
      expect(ref).toMatch(/^#\/components\/schemas\//);
      expect(doc.components.schemas).toHaveProperty([ref.slice('#/components/schemas/'.length)]);
    }
    expect(doc.components.securitySchemes.bearer).toEqual({ type: 'http', scheme: 'bearer', bearerFormat: 'JWT' });
  });

  it('does not list the demo-token route when demo mode is off (it is not mounted)', async () => {
    const prod = await startTestApp({ env: { PERISCOL_DEMO: 'false', PERISCOL_JWT_SECRET: 's'.repeat(32), PERISCOL_PAYMENTS: 'simulated' } });
    try {
      const prodDoc = (await request(prod.url).get('/api/openapi.json').expect(200)).body as Doc;
      expect(prodDoc.paths['/api/auth/demo-token']).toBeUndefined();
      expect(prodDoc.paths['/api/health']).toBeDefined();
    } finally {
      await prod.close();
    }
  });

  it('serves /api/docs: self-contained HTML listing every operation, nothing from elsewhere', async () => {
    const res = await request(t.url).get('/api/docs').expect(200).expect('Content-Type', /text\/html/);
    const html = res.text;
    expect(html).toMatch(/^<!doctype html>/);
    for (const path of Object.keys(doc.paths)) expect(html).toContain(`<code>${path}</code>`);
    expect(html).toContain('probeCreateThing');
    expect(html).not.toMatch(/<script|<link|src=|https?:\/\/(?!json-schema)/);
    expect(res.headers['content-security-policy']).toContain("default-src 'none'");
  });
});
