import * as http from 'node:http';
import { clientAddressKey } from '../src/platform/http/rate-limit.middleware';
import { DEFAULT_RATE_LIMITS } from '../src/platform/config/app-config';
import { expectErrorShape } from './support/http';
import { startTestApp, TEST_START, TestApp } from './support/test-app';

interface Answer {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  readonly body: unknown;
}

/** Several clients on one machine: every 127.x.y.z address reaches the server listening on 127.0.0.1. */
function send(t: TestApp, from: string, method: string, path: string, options: { token?: string; body?: string; headers?: Record<string, string> } = {}): Promise<Answer> {
  const { port } = new URL(t.url);
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.Authorization = `Bearer ${options.token}`;
  if (options.body !== undefined) headers['Content-Type'] ??= 'application/json';
  return new Promise((resolve, reject) => {
    const req = http.request({ host: '127.0.0.1', port, method, path, localAddress: from, headers, agent: false }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () => {
        const text = Buffer.concat(chunks).toString('utf8');
        let body: unknown = text;
        if (/json/.test(res.headers['content-type'] ?? '')) body = JSON.parse(text);
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body });
      });
    });
    req.on('error', reject);
    req.end(options.body);
  });
}

async function statuses(count: number, request: () => Promise<Answer>): Promise<number[]> {
  const seen: number[] = [];
  for (let i = 0; i < count; i++) seen.push((await request()).status);
  return seen;
}

describe('rate limits per client (in memory, windows on the injected clock)', () => {
  let t: TestApp;
  const limits = { api: 6, auth: 3, webhook: 3, pay: 3 };

  beforeEach(async () => {
    t = await startTestApp({ config: { rateLimits: limits } });
  });
  afterEach(() => t.close());

  const mint = (from: string, body = '{"role":"admin"}') => send(t, from, 'POST', '/api/auth/demo-token', { body });
  const tokenFor = async (from: string, familyId: string) => ((await mint(from, JSON.stringify({ role: 'parent', familyId }))).body as { token: string }).token;

  it('token minting: N per minute, then 429 RATE_LIMITED with Retry-After; allowed again once the window has passed', async () => {
    expect(await statuses(limits.auth, () => mint('127.0.0.2'))).toEqual([200, 200, 200]);
    const refused = await mint('127.0.0.2');
    expect(refused.status).toBe(429);
    expectErrorShape(refused.body, 'RATE_LIMITED');
    expect(refused.headers['retry-after']).toBe('60');
    expect(refused.headers['x-content-type-options']).toBe('nosniff');

    t.clock.advance({ seconds: 45 });
    expect((await mint('127.0.0.2')).headers['retry-after']).toBe('15');
    t.clock.advance({ seconds: 15 });
    expect((await mint('127.0.0.2')).status).toBe(200);
  });

  it('another client is not affected', async () => {
    await statuses(limits.auth + 2, () => mint('127.0.0.2'));
    expect((await mint('127.0.0.2')).status).toBe(429);
    expect((await mint('127.0.0.3')).status).toBe(200);
  });

  it('wrong tokens count against the sender only, never against the subject they name', async () => {
    const victim = await tokenFor('127.0.0.4', 'famille-martin');
    const forged = `${victim.slice(0, -4)}AAAA`;
    const attempts = await statuses(limits.api + 1, () => send(t, '127.0.0.5', 'GET', '/api/families/famille-martin', { token: forged }));
    expect(attempts).toEqual([...Array<number>(limits.api).fill(401), 429]);
    expect((await send(t, '127.0.0.4', 'GET', '/api/families/famille-martin', { token: victim })).status).toBe(200);
  });

  it("a bearer subject has its own budget whatever the address: a family's requests from several addresses add up", async () => {
    const martin = await tokenFor('127.0.0.6', 'famille-martin');
    const bernard = await tokenFor('127.0.0.6', 'famille-bernard');
    const get = (from: string, token: string, familyId: string) => send(t, from, 'GET', `/api/families/${familyId}`, { token });
    expect(await statuses(3, () => get('127.0.0.7', martin, 'famille-martin'))).toEqual([200, 200, 200]);
    expect(await statuses(3, () => get('127.0.0.8', martin, 'famille-martin'))).toEqual([200, 200, 200]);
    expect((await get('127.0.0.9', martin, 'famille-martin')).status).toBe(429);
    expect((await get('127.0.0.9', bernard, 'famille-bernard')).status).toBe(200);
    t.clock.advance({ minutes: 1 });
    expect((await get('127.0.0.9', martin, 'famille-martin')).status).toBe(200);
  });

  it('forged webhooks and guessed payment sessions have their own small budgets', async () => {
    const webhook = () => send(t, '127.0.0.10', 'POST', '/api/payments/simulated/webhook', { body: '{"id":"evt_forged"}', headers: { 'Periscol-Signature': 't=1,v1=00' } });
    const guesses = await statuses(limits.webhook + 1, webhook);
    expect(guesses.slice(0, limits.webhook).every((status) => status >= 400 && status < 500 && status !== 429)).toBe(true);
    expect(guesses[limits.webhook]).toBe(429);

    const pay = await statuses(limits.pay + 1, () => send(t, '127.0.0.10', 'GET', `/pay/sim_cs_guess${Math.random()}`));
    expect(pay).toEqual([404, 404, 404, 429]);
    // The API budget of that address is untouched by both.
    expect((await send(t, '127.0.0.10', 'GET', '/api/catalog')).status).toBe(200);
  });

  it('the portal files are not counted', async () => {
    expect(new Set(await statuses(limits.api + 2, () => send(t, '127.0.0.11', 'GET', '/index.html')))).toEqual(new Set([404]));
  });
});

describe('rate limit defaults and switches', () => {
  it('the defaults leave room for a family using the portal', () => {
    expect(DEFAULT_RATE_LIMITS.api).toBeGreaterThanOrEqual(300);
    expect(DEFAULT_RATE_LIMITS.auth).toBeLessThan(DEFAULT_RATE_LIMITS.api);
  });

  it('0 turns a budget off', async () => {
    const t = await startTestApp({ config: { rateLimits: { api: 0, auth: 0, webhook: 0, pay: 0 } } });
    try {
      const answers = await statuses(DEFAULT_RATE_LIMITS.auth + 5, () => send(t, '127.0.0.12', 'POST', '/api/auth/demo-token', { body: '{"role":"admin"}' }));
      expect(new Set(answers)).toEqual(new Set([200]));
    } finally {
      await t.close();
    }
  });

  it('behind trusted proxies the client is the forwarded address; otherwise X-Forwarded-For is ignored', async () => {
    const direct = await startTestApp({ config: { rateLimits: { api: 1, auth: 1, webhook: 1, pay: 1 } } });
    const proxied = await startTestApp({ config: { rateLimits: { api: 1, auth: 1, webhook: 1, pay: 1 }, trustProxyHops: 1 } });
    try {
      const catalog = (t: TestApp, forwardedFor: string) => send(t, '127.0.0.13', 'GET', '/api/catalog', { headers: { 'X-Forwarded-For': forwardedFor } });
      expect([(await catalog(direct, '203.0.113.1')).status, (await catalog(direct, '203.0.113.2')).status]).toEqual([200, 429]);
      expect([(await catalog(proxied, '203.0.113.1')).status, (await catalog(proxied, '203.0.113.2')).status]).toEqual([200, 200]);
      expect((await catalog(proxied, '203.0.113.1')).status).toBe(429);
    } finally {
      await direct.close();
      await proxied.close();
    }
  });

  it('keys IPv4-mapped addresses as IPv4 and IPv6 clients by their /64', () => {
    expect(clientAddressKey('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientAddressKey('2001:db8:1:2:aaaa::1')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:DB8:1:2:bbbb:cccc:dddd:eeee')).toBe('2001:db8:1:2::/64');
    expect(clientAddressKey('2001:db8::1')).toBe('2001:db8:0:0::/64');
    expect(clientAddressKey('::1')).toBe('0:0:0:0::/64');
    expect(clientAddressKey(undefined)).toBe('unknown');
  });

  it('starts from a clean window (sanity of the manual clock start)', () => {
    expect(Date.parse(TEST_START) % 60_000).toBe(0);
  });
});
