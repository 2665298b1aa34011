import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import request from 'supertest';
import { startTestApp, TestApp } from './support/test-app';

describe('the portal served at / by the same process', () => {
  let t: TestApp;
  let portalDir: string;

  beforeAll(async () => {
    portalDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-portal-'));
    fs.writeFileSync(path.join(portalDir, 'index.html'), '<!doctype html><html lang="fr"><title>Périscol</title></html>');
    fs.writeFileSync(path.join(portalDir, 'app.js'), 'export const x = 1;');
    t = await startTestApp({ portalDir });
  });
  afterAll(async () => {
    await t.close();
    fs.rmSync(portalDir, { recursive: true, force: true });
  });

  it('serves index.html at / and the static files beside it', async () => {
    const index = await request(t.url).get('/').expect(200).expect('Content-Type', /text\/html/);
    expect(index.text).toContain('Périscol');
    await request(t.url).get('/app.js').expect(200).expect('Content-Type', /javascript/);
  });

  it('leaves /api to the API', async () => {
    await request(t.url).get('/api/health').expect(200);
    const res = await request(t.url).get('/api/index.html').expect(404);
    expect(res.body.error.code).toBe('NOT_FOUND');
  });
});
