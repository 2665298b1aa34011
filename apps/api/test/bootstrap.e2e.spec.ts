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

  describe('PUBLIC_URL, where payment sites send parents back', () => {
    const STRIPE = { STRIPE_SECRET_KEY: 'sk_test_abc', STRIPE_WEBHOOK_SECRET: 'whsec_abc', PERISCOL_JWT_SECRET: 'j'.repeat(40) };

    async function startWith(env: Record<string, string>, argv: string[] = []) {
      const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-url-'));
      const err: string[] = [];
      const result = await start({ env: { PORT: '0', PERISCOL_DATA_DIR: dataDir, ...env }, argv, out: () => undefined, err: (line) => err.push(line), overrides: { logger: quiet, clock: new ManualClock() } });
      if (result.ok) await result.app.close();
      fs.rmSync(dataDir, { recursive: true, force: true });
      return { result, err };
    }

    it('outside demo mode with a real payment provider, refuses to start without it or at localhost, saying why', async () => {
      const unset = await startWith({ PERISCOL_DEMO: '0', ...STRIPE });
      expect(unset.result).toEqual({ ok: false, exitCode: 1 });
      expect(unset.err[0]).toBe('Periscol cannot start: invalid configuration');
      expect(unset.err[1]).toMatch(/^ {2}- PUBLIC_URL: PUBLIC_URL is not set \(default http:\/\/localhost:0\): parents who open the portal at any other address would be sent back there after paying, and land on the sign-in page; set PUBLIC_URL to the address parents type/);
      const loopback = await startWith({ PERISCOL_DEMO: '0', ...STRIPE, PUBLIC_URL: 'http://127.0.0.1:3000' });
      expect(loopback.result).toEqual({ ok: false, exitCode: 1 });
      expect(loopback.err[1]).toContain("PUBLIC_URL is http://127.0.0.1:3000, this machine's own address");
      const good = await startWith({ PERISCOL_DEMO: '0', ...STRIPE, PUBLIC_URL: 'https://periscol.ville.fr/' });
      expect(good.result.ok).toBe(true);
      expect(good.err.filter((line) => line.includes('PUBLIC_URL'))).toEqual([]);
    });

    it('refuses a malformed one in every mode', async () => {
      for (const [value, message] of [
        ['periscol.ville.fr', 'must be an http:// or https:// URL'],
        ['https://periscol.ville.fr/?ville=1', 'must be the bare address parents use'],
      ]) {
        const { result, err } = await startWith({ PUBLIC_URL: value }, ['--demo']);
        expect(result).toEqual({ ok: false, exitCode: 1 });
        expect(err[1]).toContain(`PUBLIC_URL: ${message}`);
      }
    });

    it('in demo mode, warns and starts: a demo on one machine is reached at localhost', async () => {
      const { result, err } = await startWith({}, ['--demo']);
      expect(result.ok).toBe(true);
      expect(err.find((line) => line.startsWith('WARNING: PUBLIC_URL'))).toMatch(/^WARNING: PUBLIC_URL is not set \(default http:\/\/localhost:0\): .*Fine on this machine alone; otherwise set PUBLIC_URL/);
      const set = await startWith({ PUBLIC_URL: 'http://periscol.ecole.lan:3000' }, ['--demo']);
      expect(set.err.filter((line) => line.includes('PUBLIC_URL'))).toEqual([]);
    });
  });

  it('PERISCOL_DEMO=0 wins over --demo', async () => {
    const err: string[] = [];
    const result = await start({ env: { PERISCOL_DEMO: '0' }, argv: ['--demo'], out: () => undefined, err: (line) => err.push(line), overrides: { logger: quiet } });
    expect(result).toEqual({ ok: false, exitCode: 1 });
    expect(err.join('\n')).toContain('PERISCOL_JWT_SECRET');
  });
});
