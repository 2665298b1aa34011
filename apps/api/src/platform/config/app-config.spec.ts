import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ConfigError, DEFAULT_RATE_LIMITS, DEMO_JWT_SECRET, loadConfig } from './app-config';

const SECRET = 'a-real-secret-of-at-least-32-characters!';

function problemsOf(env: Record<string, string | undefined>, options = {}): string[] {
  try {
    loadConfig(env, options);
  } catch (error) {
    if (error instanceof ConfigError) return [...error.lines];
    throw error;
  }
  throw new Error('expected a ConfigError');
}

describe('loadConfig', () => {
  it('applies the contract defaults (demo mode gives the demo secret)', () => {
    const config = loadConfig({ PERISCOL_DEMO: '1' }, { cwd: '/srv/periscol' });
    expect(config).toEqual({
      port: 3000,
      dataDir: '/srv/periscol/var',
      demo: true,
      municipalityFile: null,
      holdMinutes: 60,
      maxAmountCents: 100_000_000,
      maxBalanceCents: 100_000_000,
      eventStoreConnectionString: null,
      postgresConnectionString: null,
      stripe: null,
      payfip: null,
      smtpUrl: null,
      jwtSecret: DEMO_JWT_SECRET,
      publicUrl: 'http://localhost:3000',
      instanceId: 'api',
      logLevel: 'info',
      bodyLimitBytes: 1024 * 1024,
      rateLimits: { api: 600, auth: 30, webhook: 120, pay: 60 },
      trustProxyHops: 0,
    });
  });

  it('demo mode is off by default; the main command turns the default on; PERISCOL_DEMO always wins', () => {
    expect(loadConfig({ PERISCOL_JWT_SECRET: SECRET, PERISCOL_PAYMENTS: 'simulated' }).demo).toBe(false);
    expect(loadConfig({}, { demoByDefault: true }).demo).toBe(true);
    expect(loadConfig({ PERISCOL_DEMO: 'off', PERISCOL_JWT_SECRET: SECRET, PERISCOL_PAYMENTS: 'simulated' }, { demoByDefault: true }).demo).toBe(false);
    expect(loadConfig({ PERISCOL_DEMO: 'TRUE' }).demo).toBe(true);
  });

  it('reads every variable', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-config-'));
    const file = path.join(dir, 'ville.json');
    fs.writeFileSync(file, '{}');
    try {
      const config = loadConfig({
        PORT: '8080',
        PERISCOL_DATA_DIR: '/data',
        PERISCOL_DEMO: '0',
        PERISCOL_MUNICIPALITY_FILE: file,
        PERISCOL_HOLD_MINUTES: '30',
        EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false',
        STRIPE_SECRET_KEY: 'sk_test_123',
        STRIPE_WEBHOOK_SECRET: 'whsec_456',
        SMTP_URL: 'smtp://user:pass@mail.example.fr:587',
        PERISCOL_JWT_SECRET: SECRET,
        PUBLIC_URL: 'https://periscol.ville.fr/',
        PERISCOL_INSTANCE_ID: 'api-2',
        PERISCOL_LOG_LEVEL: 'warn',
      });
      expect(config).toMatchObject({
        port: 8080,
        dataDir: '/data',
        demo: false,
        municipalityFile: file,
        holdMinutes: 30,
        eventStoreConnectionString: 'esdb://localhost:2113?tls=false',
        stripe: { secretKey: 'sk_test_123', webhookSecret: 'whsec_456' },
        smtpUrl: 'smtp://user:pass@mail.example.fr:587',
        jwtSecret: SECRET,
        publicUrl: 'https://periscol.ville.fr',
        instanceId: 'api-2',
        logLevel: 'warn',
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('reads PERISCOL_POSTGRES_URL (a secret: its password is never echoed) and refuses two stores at once', () => {
    expect(loadConfig({ PERISCOL_DEMO: '1', PERISCOL_POSTGRES_URL: 'postgres://periscol:pw@db.ville.fr:5432/periscol' }).postgresConnectionString).toBe(
      'postgres://periscol:pw@db.ville.fr:5432/periscol',
    );
    expect(loadConfig({ PERISCOL_DEMO: '1' }).postgresConnectionString).toBeNull();
    expect(loadConfig({ PERISCOL_DEMO: '1', DATABASE_URL: 'postgres://root@127.0.0.1/test' }).postgresConnectionString).toBe('postgres://root@127.0.0.1/test');
    expect(problemsOf({ PERISCOL_DEMO: '1', DATABASE_URL: 'postgres://a@h/x', PERISCOL_POSTGRES_URL: 'postgres://b@h/y' })).toEqual(['DATABASE_URL: differs from PERISCOL_POSTGRES_URL; give one PostgreSQL URL']);
    const wrong = problemsOf({ PERISCOL_DEMO: '1', PERISCOL_POSTGRES_URL: 'mysql://root:hunter2@db/periscol' });
    expect(wrong).toEqual(['PERISCOL_POSTGRES_URL: must be a PostgreSQL URL such as postgres://periscol@db.example.fr:5432/periscol']);
    expect(problemsOf({ PERISCOL_DEMO: '1', PERISCOL_POSTGRES_URL: 'postgres://db/p', EVENTSTORE_CONNECTION_STRING: 'esdb://localhost:2113?tls=false' })).toEqual([
      expect.stringMatching(/^PERISCOL_POSTGRES_URL: choose one store/),
    ]);
  });

  it('reads the rate limits per minute (0 turns one off) and the trusted proxy hops', () => {
    const config = loadConfig({
      PERISCOL_DEMO: '1',
      PERISCOL_RATE_LIMIT_PER_MINUTE: '2000',
      PERISCOL_RATE_LIMIT_AUTH_PER_MINUTE: '0',
      PERISCOL_RATE_LIMIT_WEBHOOK_PER_MINUTE: '500',
      PERISCOL_RATE_LIMIT_PAY_PER_MINUTE: '',
      PERISCOL_TRUST_PROXY_HOPS: '1',
    });
    expect(config.rateLimits).toEqual({ api: 2000, auth: 0, webhook: 500, pay: DEFAULT_RATE_LIMITS.pay });
    expect(config.trustProxyHops).toBe(1);
    expect(problemsOf({ PERISCOL_DEMO: '1', PERISCOL_RATE_LIMIT_PER_MINUTE: 'lots', PERISCOL_TRUST_PROXY_HOPS: '-1' })).toEqual([
      'PERISCOL_RATE_LIMIT_PER_MINUTE: must be a whole number between 0 and 1000000 (got "lots")',
      'PERISCOL_TRUST_PROXY_HOPS: must be a whole number between 0 and 10 (got "-1")',
    ]);
  });

  it('PUBLIC_URL defaults to the configured port; empty variables count as unset', () => {
    const config = loadConfig({ PORT: '4000', PERISCOL_DEMO: '1', PUBLIC_URL: '', SMTP_URL: '  ' });
    expect(config.publicUrl).toBe('http://localhost:4000');
    expect(config.smtpUrl).toBeNull();
  });

  it('reports every problem at once, one line each, naming the variable', () => {
    const lines = problemsOf({
      PORT: '70000',
      PERISCOL_DEMO: 'maybe',
      PERISCOL_HOLD_MINUTES: '-5',
      EVENTSTORE_CONNECTION_STRING: 'http://localhost:2113',
      SMTP_URL: 'mail.example.fr',
      PUBLIC_URL: 'ftp://x',
      PERISCOL_INSTANCE_ID: 'two words',
      PERISCOL_LOG_LEVEL: 'loud',
    });
    expect(lines.map((line) => line.split(':')[0]).sort()).toEqual(
      ['EVENTSTORE_CONNECTION_STRING', 'PERISCOL_DEMO', 'PERISCOL_HOLD_MINUTES', 'PERISCOL_INSTANCE_ID', 'PERISCOL_LOG_LEVEL', 'PORT', 'PUBLIC_URL', 'SMTP_URL'].sort(),
    );
    expect(lines.find((line) => line.startsWith('PORT'))).toBe('PORT: must be a whole number between 0 and 65535 (got "70000")');
    expect(lines.every((line) => !line.includes('\n'))).toBe(true);
  });

  it('never echoes secrets in its messages', () => {
    const lines = problemsOf({ PERISCOL_JWT_SECRET: 'tooshort-secret', STRIPE_SECRET_KEY: 'pk_live_leaked', STRIPE_WEBHOOK_SECRET: 'whsec_x', SMTP_URL: 'smtp//user:hunter2@host' });
    const text = lines.join('\n');
    for (const secret of ['tooshort-secret', 'pk_live_leaked', 'hunter2']) expect(text).not.toContain(secret);
    expect(lines).toHaveLength(3);
  });

  it('requires a JWT secret outside demo mode', () => {
    expect(problemsOf({ PERISCOL_PAYMENTS: 'simulated' })).toEqual(['PERISCOL_JWT_SECRET: required outside demo mode (at least 32 random characters)']);
  });

  it('refuses the simulated payment provider outside demo mode unless PERISCOL_PAYMENTS=simulated asks for it', () => {
    expect(problemsOf({ PERISCOL_JWT_SECRET: SECRET })).toEqual([
      'PERISCOL_PAYMENTS: a payment provider is required outside demo mode: set STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET, or PERISCOL_PAYMENTS=payfip with the PAYFIP_ settings, or PERISCOL_PAYMENTS=simulated for a test installation (« Payer » then takes no money)',
    ]);
    expect(loadConfig({ PERISCOL_JWT_SECRET: SECRET, PERISCOL_PAYMENTS: 'simulated' }).stripe).toBeNull();
    expect(loadConfig({ PERISCOL_JWT_SECRET: SECRET, STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' }).stripe).not.toBeNull();
    expect(loadConfig({ PERISCOL_DEMO: '1' }).stripe).toBeNull();
    expect(problemsOf({ PERISCOL_DEMO: '1', PERISCOL_PAYMENTS: 'stripe' })[0]).toMatch(/^PERISCOL_PAYMENTS: must be "simulated"/);
    expect(problemsOf({ PERISCOL_DEMO: '1', PERISCOL_PAYMENTS: 'simulated', STRIPE_SECRET_KEY: 'sk_test_1', STRIPE_WEBHOOK_SECRET: 'whsec_1' })).toEqual([
      'PERISCOL_PAYMENTS: simulated payments and Stripe exclude each other: unset one of PERISCOL_PAYMENTS, STRIPE_SECRET_KEY (got "simulated")',
    ]);
  });

  it('requires both Stripe variables or neither', () => {
    expect(problemsOf({ PERISCOL_DEMO: '1', STRIPE_WEBHOOK_SECRET: 'whsec_1' })).toEqual([
      'STRIPE_SECRET_KEY: must be set too: Stripe needs both STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET',
    ]);
  });

  it('checks that the municipality file exists', () => {
    const [line] = problemsOf({ PERISCOL_DEMO: '1', PERISCOL_MUNICIPALITY_FILE: 'missing/ville.json' }, { cwd: '/nowhere' });
    expect(line).toBe('PERISCOL_MUNICIPALITY_FILE: no readable file at /nowhere/missing/ville.json');
  });
});
