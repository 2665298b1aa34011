import { loadApi, loadSession, memoryStorage } from './portal-modules';

const { ActionKeys, ApiError, createApi, newIdempotencyKey } = loadApi();

type Call = { url: string; method: string; headers: Record<string, string>; body?: string };

/** A scripted fetch: answers in order, records every call. */
function scriptedFetch(answers: Array<{ status: number; body?: unknown } | 'network-error'>) {
  const calls: Call[] = [];
  const fetch = async (url: string, init: { method: string; headers: Record<string, string>; body?: string }) => {
    calls.push({ url, ...init });
    const answer = answers.shift();
    if (!answer) throw new Error('no more scripted answers');
    if (answer === 'network-error') throw new TypeError('Failed to fetch');
    return new Response(answer.body === undefined ? null : JSON.stringify(answer.body), { status: answer.status, headers: { 'Content-Type': 'application/json' } });
  };
  return { calls, fetch };
}

function client(answers: Parameters<typeof scriptedFetch>[0], options: { token?: string | null; onUnauthorized?: () => void } = {}) {
  const scripted = scriptedFetch(answers);
  const storage = memoryStorage();
  const api = createApi({
    getToken: () => (options.token === undefined ? 'jwt' : options.token),
    onUnauthorized: options.onUnauthorized,
    keys: new ActionKeys(storage),
    wait: async () => undefined,
    fetch: scripted.fetch,
  });
  return { api, calls: scripted.calls, storage };
}

describe('api.js — requests and errors', () => {
  it('sends the bearer token and JSON', async () => {
    const { api, calls } = client([{ status: 200, body: { ok: true } }]);
    await expect(api.query('/api/families/f/quote', { reserve: [], cancel: [] })).resolves.toEqual({ ok: true });
    expect(calls[0].headers).toMatchObject({ Authorization: 'Bearer jwt', 'Content-Type': 'application/json' });
    expect(calls[0].headers['Idempotency-Key']).toBeUndefined();
  });

  it("turns the contract's error shape into an ApiError with its code", async () => {
    const { api } = client([{ status: 422, body: { error: { code: 'DEADLINE_PASSED', message: 'too late', details: [{ date: '2026-12-07' }] } } }]);
    const error = await api.get('/api/x').catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ApiError);
    expect(error).toMatchObject({ status: 422, code: 'DEADLINE_PASSED', details: [{ date: '2026-12-07' }] });
  });

  it('gives a French message when the server cannot be reached', async () => {
    const { api } = client(['network-error']);
    await expect(api.get('/api/x')).rejects.toMatchObject({ status: 0, code: 'NETWORK', message: expect.stringContaining('injoignable') });
  });

  it('signs out on a 401 only when a token was sent', async () => {
    const onUnauthorized = jest.fn();
    await client([{ status: 401, body: {} }], { onUnauthorized }).api.get('/api/x').catch(() => undefined);
    expect(onUnauthorized).toHaveBeenCalledTimes(1);
    const anonymous = jest.fn();
    await client([{ status: 401, body: {} }], { token: null, onUnauthorized: anonymous }).api.get('/api/catalog').catch(() => undefined);
    expect(anonymous).not.toHaveBeenCalled();
  });
});

describe('api.js — Idempotency-Key (R12)', () => {
  it('draws a v4 UUID per action', () => {
    expect(newIdempotencyKey()).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/);
  });

  it('retries a transient failure with the same key, then forgets the key once answered', async () => {
    const { api, calls } = client(['network-error', { status: 503 }, { status: 201, body: { orderId: 'o1' } }, { status: 201, body: { orderId: 'o2' } }]);
    await expect(api.mutate('reservation', '/api/families/f/reservations', { slots: [1] })).resolves.toEqual({ orderId: 'o1' });
    const keys = calls.map((c) => c.headers['Idempotency-Key']);
    expect(keys).toHaveLength(3);
    expect(new Set(keys).size).toBe(1);
    // The same body later is a new action (e.g. re-reserving a day cancelled meanwhile): new key.
    await api.mutate('reservation', '/api/families/f/reservations', { slots: [1] });
    expect(calls[3].headers['Idempotency-Key']).not.toBe(keys[0]);
  });

  it('keeps the key after the retries run out, so clicking again replays the same action', async () => {
    const { api, calls } = client([{ status: 503 }, { status: 503 }, { status: 503 }, { status: 201, body: { orderId: 'o1' } }]);
    await expect(api.mutate('reservation', '/r', { slots: [1] })).rejects.toMatchObject({ status: 503 });
    await expect(api.mutate('reservation', '/r', { slots: [1] })).resolves.toEqual({ orderId: 'o1' });
    expect(new Set(calls.map((c) => c.headers['Idempotency-Key'])).size).toBe(1);
  });

  it('does not retry a refusal, and a changed body gets a new key', async () => {
    const { api, calls } = client([{ status: 409, body: { error: { code: 'SLOT_TAKEN', message: 'taken' } } }, { status: 201, body: {} }]);
    await expect(api.mutate('reservation', '/r', { slots: [1] })).rejects.toMatchObject({ code: 'SLOT_TAKEN' });
    expect(calls).toHaveLength(1);
    await api.mutate('reservation', '/r', { slots: [2] });
    expect(calls[1].headers['Idempotency-Key']).not.toBe(calls[0].headers['Idempotency-Key']);
  });

  it('keeps the key of an unanswered action across a reload (sessionStorage)', () => {
    const storage = memoryStorage();
    const key = new ActionKeys(storage).keyFor('checkout:o1', {});
    expect(new ActionKeys(storage).keyFor('checkout:o1', {})).toBe(key);
    expect(new ActionKeys(storage).keyFor('checkout:o2', {})).not.toBe(key);
  });
});

describe('session.js — identity provider tokens', () => {
  it('reads the familyId claim of a JWT, UTF-8 included', () => {
    const { decodeJwtClaims } = loadSession();
    const payload = Buffer.from(JSON.stringify({ sub: 'u1', role: 'parent', familyId: 'fam-1', name: 'Famille Hébert' })).toString('base64url');
    expect(decodeJwtClaims(`e30.${payload}.sig`)).toMatchObject({ familyId: 'fam-1', name: 'Famille Hébert' });
    expect(decodeJwtClaims('not-a-jwt')).toBeNull();
  });
});
