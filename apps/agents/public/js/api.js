// The back office's HTTP client (docs/http.md): bearer token, one Idempotency-Key per action
// (reused when the same action is retried), the contract's error shape turned into ApiError.

export class ApiError extends Error {
  /** @param {number} status @param {string} code @param {string} message @param {unknown[]} [details] */
  constructor(status, code, message, details = []) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** A random key; `crypto.randomUUID` needs a secure context, getRandomValues does not. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  return Array.from(crypto.getRandomValues(new Uint8Array(16)), (b) => b.toString(16).padStart(2, '0')).join('');
}

/**
 * @param {{ getToken: () => string | null, onUnauthorized?: () => void, fetch?: typeof fetch }} options
 */
export function createApi({ getToken, onUnauthorized, fetch: fetchImpl = (input, init) => fetch(input, init) }) {
  /** Keys of actions sent and not yet answered, by action: a second click retries with the same key. */
  const pending = new Map();

  async function request(method, path, { body, idempotent = false, action } = {}) {
    const headers = { Accept: 'application/json' };
    const token = getToken();
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    const scope = action ? `${action}|${JSON.stringify(body ?? null)}` : null;
    if (idempotent) {
      const key = (scope && pending.get(scope)) ?? newIdempotencyKey();
      if (scope) pending.set(scope, key);
      headers['Idempotency-Key'] = key;
    }
    let response;
    try {
      response = await fetchImpl(path, { method, headers, body: body === undefined ? undefined : JSON.stringify(body), credentials: 'omit', cache: 'no-store' });
    } catch {
      throw new ApiError(0, 'NETWORK', 'Le serveur ne répond pas.');
    }
    // An answer from the server settles the action (a 5xx may be retried with the same key).
    if (scope && response.status < 500) pending.delete(scope);
    const type = response.headers.get('Content-Type') ?? '';
    const payload = type.includes('json') ? await response.json().catch(() => null) : await response.text();
    if (!response.ok) {
      const error = payload && typeof payload === 'object' && payload.error ? payload.error : { code: 'HTTP_' + response.status, message: response.statusText, details: [] };
      if (response.status === 401) onUnauthorized?.();
      throw new ApiError(response.status, error.code, error.message, error.details);
    }
    return payload;
  }

  return {
    get: (path) => request('GET', path),
    /** A change: carries an Idempotency-Key (one per `action`, kept until the server answers). */
    send: (method, path, body, action) => request(method, path, { body, idempotent: true, action }),
    /** A POST that appends nothing (a preview): no key. */
    ask: (path, body) => request('POST', path, { body }),
    publicPost: (path, body) => request('POST', path, { body }),
  };
}
