import { bodyTooDeep, exceedsJsonDepth } from '../http/json-depth';
import { sha256 } from './idempotency-context';

/**
 * SHA-256 of the body's canonical JSON (object keys sorted, no whitespace), so the same request
 * re-sent with another key order or spacing still counts as the same body. `canonicalJson`
 * recurses: body parsing already refuses deeper bodies, and this checks again rather than
 * overflow the stack should a body ever arrive another way.
 */
export function bodyHash(body: unknown): string {
  // A raw upload (an absence's proof): the bytes themselves.
  if (Buffer.isBuffer(body)) return sha256(`raw:${body.toString('base64')}`);
  if (exceedsJsonDepth(body)) throw bodyTooDeep();
  return sha256(canonicalJson(body ?? null));
}

export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') return JSON.stringify(value) ?? 'null';
  if (Array.isArray(value)) return `[${value.map((item) => canonicalJson(item === undefined ? null : item)).join(',')}]`;
  const entries = Object.keys(value)
    .filter((key) => (value as Record<string, unknown>)[key] !== undefined)
    .sort()
    .map((key) => `${JSON.stringify(key)}:${canonicalJson((value as Record<string, unknown>)[key])}`);
  return `{${entries.join(',')}}`;
}
