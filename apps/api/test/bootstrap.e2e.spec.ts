import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import request from 'supertest';
import { start } from '../src/bootstrap';
import { ManualClock } from '../src/platform/clock/clock';

describe('start-up (what main.ts runs)', () => {
  const quiet = pino({ level: 'silent' });

  it('a bad configuration stops start-up: one clear line per problem, no stack trace, exit code 1', async () => {
    const out: string[] = [];
    const err: string[] = [];
    const result = await start({
      env: { PORT: 'eighty', PERISCOL_HOLD_MINUTES: '0', STRIPE_SECRET_KEY: 'sk_test_abc', SMTP_URL: 'http://mail', PERISCOL_JWT_SECRET: 'short' },
      argv: [],
      out: (line) => out.push(line),
      err: (line) => err.push(line),
      overrides: { logger: quiet },
    });
    expect(result).toEqual({ ok: false, exitCode: 1 });
    expect(out).toEqual([]);
    expect(err[0]).toBe('Periscol cannot start: invalid configuration');
    const problems = err.slice(1);
    expect(problems.map((line) => line.trim().split(':')[0].replace('- ', ''))).toEqual(
      expect.arrayContaining(['PORT', 'PERISCOL_HOLD_MINUTES', 'STRIPE_WEBHOOK_SECRET', 'SMTP_URL', 'PERISCOL_JWT_SECRET']),
    );
    expect(problems).toHaveLength(5);
    expect(err.join('\n')).not.toMatch(/\n\s+at |Error:|short/);
  });

  it('outside demo mode, a missing JWT secret stops start-up', async () => {
    const err: string[] = [];
    const result = await start({ env: {}, argv: [], out: () => undefined, err: (line) => err.push(line), overrides: { logger: quiet } });
    expect(result).toEqual({ ok: false, exitCode: 1 });
    expect(err[1]).toContain('PERISCOL_JWT_SECRET: required outside demo mode');
  });

  it('--demo (what npm start passes) starts in demo mode, prints the portal URL and how to sign in as a demo family', async () => {
    const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-main-'));
    const out: string[] = [];
    const result = await start({
      env: { PORT: '0', PERISCOL_DATA_DIR: dataDir },
      argv: ['--demo'],
      out: (line) => out.push(line),
      err: (line) => out.push(`ERR ${line}`),
      overrides: { logger: quiet, clock: new ManualClock() },
    });
    if (!result.ok) throw new Error('did not start');
    try {
      const port = new URL(result.url).port;
      const text = out.join('\n');
      expect(text).toContain(`Portail des familles : http://localhost:${port}/`);
      expect(text).toContain('/api/auth/demo-token');
      expect(text).toContain('"role":"parent","familyId"');
      expect(fs.existsSync(path.join(dataDir, 'events.sqlite'))).toBe(true);
      await request(result.url).post('/api/auth/demo-token').send({ role: 'admin' }).expect(200);
    } finally {
      await result.app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
    }
  });

  it('PERISCOL_DEMO=0 wins over --demo', async () => {
    const err: string[] = [];
    const result = await start({ env: { PERISCOL_DEMO: '0' }, argv: ['--demo'], out: () => undefined, err: (line) => err.push(line), overrides: { logger: quiet } });
    expect(result).toEqual({ ok: false, exitCode: 1 });
    expect(err.join('\n')).toContain('PERISCOL_JWT_SECRET');
  });
});
