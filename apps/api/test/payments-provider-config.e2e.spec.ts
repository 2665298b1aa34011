/**
 * The simulated « Payer » takes no money yet confirms orders and issues tickets: outside demo
 * mode it is never the provider by default. Without Stripe, start-up is refused unless
 * `PERISCOL_PAYMENTS=simulated` asks for it, and then every start says so in the log.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import pino from 'pino';
import { start } from '../src/bootstrap';
import { ManualClock } from '../src/platform/clock/clock';

const SECRET = 'a-real-secret-of-at-least-32-characters!';

describe('payment provider at start-up, outside demo mode', () => {
  let dataDir: string;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-payments-config-'));
  });

  afterEach(() => {
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  it('refuses to start with no payment provider configured', async () => {
    const err: string[] = [];
    const result = await start({
      env: { PORT: '0', PERISCOL_DATA_DIR: dataDir, PERISCOL_DEMO: '0', PERISCOL_JWT_SECRET: SECRET },
      argv: [],
      out: () => undefined,
      err: (line) => err.push(line),
      overrides: { logger: pino({ level: 'silent' }) },
    });
    expect(result).toEqual({ ok: false, exitCode: 1 });
    expect(err).toEqual([
      'Periscol cannot start: invalid configuration',
      '  - PERISCOL_PAYMENTS: a payment provider is required outside demo mode: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or PERISCOL_PAYMENTS=payfip with the PAYFIP_ settings, or PERISCOL_PAYMENTS=simulated for a test installation (« Payer » then takes no money)',
    ]);
  });

  it('starts with PERISCOL_PAYMENTS=simulated, warning loudly that no money is taken', async () => {
    const logs: { level: number; msg: string }[] = [];
    const logger = pino({ level: 'info' }, { write: (line: string) => void logs.push(JSON.parse(line) as { level: number; msg: string }) });
    const result = await start({
      env: { PORT: '0', PERISCOL_DATA_DIR: dataDir, PERISCOL_DEMO: '0', PERISCOL_JWT_SECRET: SECRET, PERISCOL_PAYMENTS: 'simulated' },
      argv: [],
      out: () => undefined,
      err: () => undefined,
      overrides: { logger, clock: new ManualClock() },
    });
    if (!result.ok) throw new Error('did not start');
    try {
      expect(logs).toContainEqual(expect.objectContaining({ level: 40, msg: expect.stringMatching(/^SIMULATED PAYMENTS outside demo mode: « Payer » takes no money/) }));
    } finally {
      await result.app.close();
    }
  });
});
