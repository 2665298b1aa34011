import { createHash } from 'node:crypto';

/** Namespace of Periscol's name-based event ids (a fixed random UUID; never change it). */
export const PERISCOL_EVENT_ID_NAMESPACE = '0f5c7e8a-2d1b-4c3e-9a6f-5b8d2e7c1a94';


/**
 * The id of the `index`-th event produced by the command whose idempotency key is `key`: a
 * UUID v5 (RFC 9562, SHA-1 of namespace + name) over the name `${key}:${index}`. The index is
 * the text after the last colon, so distinct (key, index) pairs give distinct names. Re-running
 * a command with the same key yields the same ids, which is what makes re-appends no-ops.
 */
export function deterministicEventId(key: string, index: number): string {
  if (typeof key !== 'string' || key.length === 0) throw new TypeError('deterministicEventId: key must be a non-empty string');
  if (!Number.isSafeInteger(index) || index < 0) throw new TypeError('deterministicEventId: index must be a non-negative integer');
  return uuidV5(PERISCOL_EVENT_ID_NAMESPACE, `${key}:${index}`);
}

/** RFC 9562 UUID version 5: SHA-1 of the namespace's 16 bytes then the UTF-8 name. */
export function uuidV5(namespace: string, name: string): string {
  if (!isUuid(namespace)) throw new TypeError(`uuidV5: namespace ${namespace} is not a UUID`);
  const bytes = createHash('sha1').update(Buffer.from(namespace.replace(/-/g, ''), 'hex')).update(name, 'utf8').digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x50;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function isUuid(value: string): boolean {
  return UUID.test(value);
}
