import { sha256 } from './idempotency-context';

/**
 * SHA-256 of the body's canonical JSON (object keys sorted, no whitespace), so the same request
 * re-sent with another key order or spacing still counts as the same body.
 */
export function bodyHash(body: unknown): string {
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
