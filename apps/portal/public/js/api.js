// The portal's HTTP client (docs/http.md): bearer token, Idempotency-Key on every mutating
// request, the contract's error shape turned into ApiError.

export class ApiError extends Error {
  /**
   * @param {number} status HTTP status (0 when the server could not be reached)
   * @param {string} code the contract's error code, e.g. 'DEADLINE_PASSED'
   * @param {string} message
   * @param {unknown} [details]
   */
  constructor(status, code, message, details) {
    super(message);
    this.name = 'ApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}

/** A random v4 UUID; `crypto.randomUUID` needs a secure context, getRandomValues does not. */
export function newIdempotencyKey() {
  if (typeof crypto.randomUUID === 'function') return crypto.randomUUID();
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  bytes[6] = (bytes[6] & 0x0f) | 0x40;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const KEYS_STORAGE = 'periscol.idempotency';

/**
 * One key per submitted action, reused while the same action with the same body is retried
 * (network failure, 5xx, the parent clicking again after an error, even after a reload), and
 * forgotten once the server has given a definitive answer, so that a later, new action with an
 * identical body (re-reserving a day cancelled meanwhile) is not mistaken for a replay.
 */
export class ActionKeys {
  constructor(storage = sessionStorage) {
    this.storage = storage;
  }

  #read() {
    try {
      return JSON.parse(this.storage.getItem(KEYS_STORAGE) ?? '{}');
    } catch {
      return {};
    }
  }

  keyFor(scope, body) {
    const keys = this.#read();
    const json = JSON.stringify(body ?? null);
    if (keys[scope]?.json === json) return keys[scope].key;
    keys[scope] = { json, key: newIdempotencyKey() };
    this.storage.setItem(KEYS_STORAGE, JSON.stringify(keys));
    return keys[scope].key;
  }

  settle(scope) {
    const keys = this.#read();
    delete keys[scope];
    this.storage.setItem(KEYS_STORAGE, JSON.stringify(keys));
  }
}

const RETRIABLE = new Set([502, 503, 504]);
const RETRY_DELAYS_MS = [400, 1500];

/**
 * @param {{ baseUrl?: string, getToken: () => string | null, onUnauthorized?: () => void,
 *           keys?: ActionKeys, wait?: (ms: number) => Promise<void>, fetch?: typeof fetch }} options
 */
export function createApi({
  baseUrl = '',
  getToken,
  onUnauthorized,
  keys = new ActionKeys(),
  wait = (ms) => new Promise((resolve) => setTimeout(resolve, ms)),
  fetch: fetchImpl = (input, init) => fetch(input, init),
}) {
  async function send(method, path, { body, raw, idempotencyKey, auth = true, token: explicitToken } = {}) {
    const headers = { Accept: 'application/json' };
    const token = explicitToken ?? (auth ? getToken() : null);
    if (token) headers.Authorization = `Bearer ${token}`;
    if (body !== undefined) headers['Content-Type'] = 'application/json';
    if (raw !== undefined) headers['Content-Type'] = raw.type || 'application/octet-stream';
    if (idempotencyKey) headers['Idempotency-Key'] = idempotencyKey;
    let response;
    try {
      response = await fetchImpl(`${baseUrl}${path}`, { method, headers, body: raw ?? (body === undefined ? undefined : JSON.stringify(body)) });
    } catch {
      throw new ApiError(0, 'NETWORK', 'Le service est injoignable. Vérifiez votre connexion puis réessayez.');
    }
    if (response.status === 401 && token && !explicitToken) onUnauthorized?.();
    if (!response.ok) throw await toApiError(response);
    return response;
  }

  async function json(method, path, options) {
    const response = await send(method, path, options);
    if (response.status === 204) return null;
    return response.json();
  }

  return {
    get: (path, options) => json('GET', path, options),

    /** A POST that appends nothing (quote, demo token): no key. */
    query: (path, body, options) => json('POST', path, { ...options, body }),

    /**
     * A mutating request (R12), POST unless `method` says PUT: the key comes from `scope` + body,
     * is reused on automatic retries of transient failures and on a manual retry, and settled on
     * a definitive answer.
     */
    async mutate(scope, path, body = {}, { method = 'POST' } = {}) {
      const idempotencyKey = keys.keyFor(scope, body);
      for (let attempt = 0; ; attempt += 1) {
        try {
          const result = await json(method, path, { body, idempotencyKey });
          keys.settle(scope);
          return result;
        } catch (error) {
          const transient = error instanceof ApiError && (error.status === 0 || RETRIABLE.has(error.status));
          if (!transient) keys.settle(scope);
          if (!transient || attempt >= RETRY_DELAYS_MS.length) throw error;
          await wait(RETRY_DELAYS_MS[attempt]);
        }
      }
    },

    /**
     * A file sent as the request body itself (an absence's proof, R22), with its own key: the
     * same file retried after a network error is the same declaration.
     */
    async upload(scope, path, file) {
      const idempotencyKey = keys.keyFor(scope, { path, name: file.name, size: file.size, lastModified: file.lastModified });
      try {
        const result = await json('POST', path, { raw: file, idempotencyKey });
        keys.settle(scope);
        return result;
      } catch (error) {
        if (!(error instanceof ApiError && (error.status === 0 || RETRIABLE.has(error.status)))) keys.settle(scope);
        throw error;
      }
    },

    /** A document (PDF) as a Blob, fetched with the bearer token. */
    async blob(path) {
      const response = await send('GET', path);
      return response.blob();
    },
  };
}

async function toApiError(response) {
  let payload = null;
  try {
    payload = await response.json();
  } catch {
    // not JSON (proxy page, empty body): fall through to a generic message
  }
  const error = payload?.error;
  return new ApiError(
    response.status,
    typeof error?.code === 'string' ? error.code : `HTTP_${response.status}`,
    typeof error?.message === 'string' ? error.message : `Erreur ${response.status}`,
    error?.details,
  );
}
