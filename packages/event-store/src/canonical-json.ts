/**
 * Canonical JSON, the input of the hash chain: object keys sorted recursively (by UTF-16 code
 * units, `Array.prototype.sort`'s default order), no whitespace, numbers and strings written as
 * `JSON.stringify` writes them. Only JSON values are accepted, so that what the store reads back
 * hashes exactly as what was written: `toJSON` is honoured (dates become strings), `undefined`
 * object properties are left out and `undefined` array items become `null` (as JSON.stringify
 * does); functions, symbols, bigints, non-finite numbers, cycles and non-plain objects (Map, Set,
 * class instances without toJSON) are refused with `NotJsonError`.
 */
export class NotJsonError extends Error {
  readonly code = 'NOT_JSON' as const;
  constructor(
    readonly path: string,
    detail: string,
  ) {
    super(`${path || '(root)'}: ${detail}`);
    this.name = 'NotJsonError';
  }
}

export function canonicalJson(value: unknown): string {
  return new Writer().write(value, '');
}

/** A key and its value already written as canonical JSON. */
export type CanonicalEntry = readonly [key: string, json: string];

/** The entries of a plain object, sorted by key, `undefined` values left out. */
export function canonicalEntries(record: Readonly<Record<string, unknown>>): CanonicalEntry[] {
  if (!isPlainObject(record)) throw new NotJsonError('', 'expected a plain object');
  const writer = new Writer();
  const entries: CanonicalEntry[] = [];
  for (const key of Object.keys(record).sort()) {
    const item = record[key];
    if (item !== undefined) entries.push([key, writer.write(item, key)]);
  }
  return entries;
}

/**
 * Canonical JSON of an object made of sorted `entries` plus a few more (whose keys must not be
 * among the entries): the cheap way to add store-owned keys to already serialised metadata.
 */
export function joinCanonicalEntries(entries: readonly CanonicalEntry[], extra: readonly CanonicalEntry[]): string {
  const all = extra.length === 0 ? entries : [...entries, ...extra].sort((a, b) => (a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0));
  let out = '{';
  for (let i = 0; i < all.length; i++) out += (i === 0 ? '' : ',') + JSON.stringify(all[i][0]) + ':' + all[i][1];
  return out + '}';
}

function isPlainObject(value: object): boolean {
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

class Writer {
  /** Objects being written (the current path), to refuse cycles. */
  private readonly ancestors: object[] = [];

  write(value: unknown, path: string): string {
    switch (typeof value) {
      case 'string':
        return JSON.stringify(value);
      case 'number':
        if (!Number.isFinite(value)) throw new NotJsonError(path, `non-finite number ${value}`);
        return JSON.stringify(value);
      case 'boolean':
        return value ? 'true' : 'false';
      case 'object':
        return value === null ? 'null' : this.writeObject(value, path);
      default:
        throw new NotJsonError(path, `a ${typeof value} is not JSON`);
    }
  }

  private writeObject(value: object, path: string): string {
    const toJson = (value as { toJSON?: unknown }).toJSON;
    if (typeof toJson === 'function') return this.write((toJson as (key: string) => unknown).call(value, path), path);
    if (this.ancestors.includes(value)) throw new NotJsonError(path, 'circular reference');
    this.ancestors.push(value);
    let out: string;
    if (Array.isArray(value)) {
      out = '[';
      for (let i = 0; i < value.length; i++) {
        const item: unknown = value[i];
        out += (i === 0 ? '' : ',') + (item === undefined ? 'null' : this.write(item, `${path}[${i}]`));
      }
      out += ']';
    } else {
      if (!isPlainObject(value)) throw new NotJsonError(path, `a ${value.constructor?.name ?? 'non-plain'} object is not JSON`);
      const record = value as Record<string, unknown>;
      const keys = Object.keys(record);
      if (keys.length > 1) keys.sort();
      out = '{';
      let first = true;
      for (const key of keys) {
        const item = record[key];
        if (item === undefined) continue;
        out += (first ? '' : ',') + JSON.stringify(key) + ':' + this.write(item, path ? `${path}.${key}` : key);
        first = false;
      }
      out += '}';
    }
    this.ancestors.pop();
    return out;
  }
}
