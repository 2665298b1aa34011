/**
 * An immutable map with string keys (a hash array mapped trie, see ./hamt). `set` and `delete`
 * return a new map that shares every untouched branch with the old one, so evolving a family's
 * state copies a handful of small arrays instead of a Map holding every slot the family ever
 * reserved (a family with three children reserves ~2,000 slots a school year; copying that on
 * every event would sink the decider's throughput). Old versions stay valid: folds, tests and
 * `quote` may keep them.
 */
import { hashString, insert, insertAddedKey, leafOf, lookup, remove, visit, type TrieNode } from './hamt';

export { hashString } from './hamt';

export class PersistentMap<V> {
  private static readonly EMPTY = new PersistentMap<never>(null, 0, hashString);

  private constructor(
    private readonly root: TrieNode<V> | null,
    readonly size: number,
    private readonly hash: (key: string) => number,
  ) {}

  /** The empty map. `hash` is replaceable only so tests can force collisions. */
  static empty<V>(hash?: (key: string) => number): PersistentMap<V> {
    return hash ? new PersistentMap<V>(null, 0, hash) : (PersistentMap.EMPTY as PersistentMap<V>);
  }

  static from<V>(entries: Iterable<readonly [string, V]>): PersistentMap<V> {
    let map = PersistentMap.empty<V>();
    for (const [key, value] of entries) map = map.set(key, value);
    return map;
  }

  get(key: string): V | undefined {
    return lookup(this.root, this.hash(key), key)?.value;
  }

  has(key: string): boolean {
    return lookup(this.root, this.hash(key), key) !== undefined;
  }

  set(key: string, value: V): PersistentMap<V> {
    const hash = this.hash(key);
    if (!this.root) return new PersistentMap(leafOf(hash, key, value), 1, this.hash);
    const node = insert(this.root, 0, hash, key, value, null);
    return node === this.root ? this : new PersistentMap(node, insertAddedKey() ? this.size + 1 : this.size, this.hash);
  }

  /** `set` of several entries, copying each branch they share once rather than once per entry. */
  setMany(entries: readonly (readonly [string, V])[]): PersistentMap<V> {
    return this.setEach(
      entries,
      (entry) => entry[0],
      (entry) => entry[1],
    );
  }

  /** `setMany` of `items`, each giving its key and value (no intermediate entries). */
  setEach<T>(items: readonly T[], keyOf: (item: T) => string, valueOf: (item: T) => V): PersistentMap<V> {
    if (items.length === 1) return this.set(keyOf(items[0]), valueOf(items[0]));
    const edit = {};
    let root = this.root;
    let size = this.size;
    for (const item of items) {
      const key = keyOf(item);
      const value = valueOf(item);
      const hash = this.hash(key);
      if (!root) {
        root = leafOf(hash, key, value);
        size++;
        continue;
      }
      root = insert(root, 0, hash, key, value, edit);
      if (insertAddedKey()) size++;
    }
    return root === this.root ? this : new PersistentMap(root, size, this.hash);
  }

  /** Sets `key` to `update(current)`; a no-op when the key is absent. */
  update(key: string, update: (current: V) => V): PersistentMap<V> {
    const current = this.get(key);
    return current === undefined ? this : this.set(key, update(current));
  }

  delete(key: string): PersistentMap<V> {
    if (!this.root) return this;
    const node = remove(this.root, 0, this.hash(key), key);
    return node === this.root ? this : new PersistentMap(node, this.size - 1, this.hash);
  }

  /** Visits every entry, in an order fixed by the keys' hashes (not insertion order). */
  forEach(fn: (value: V, key: string) => void): void {
    visit(this.root, fn);
  }

  values(): V[] {
    const out: V[] = [];
    visit(this.root, (value) => out.push(value));
    return out;
  }

  keys(): string[] {
    const out: string[] = [];
    visit(this.root, (_, key) => out.push(key));
    return out;
  }

  entries(): [string, V][] {
    const out: [string, V][] = [];
    visit(this.root, (value, key) => out.push([key, value]));
    return out;
  }

  /** Plain JSON (an object sorted by key): what JSON.stringify and snapshots see. */
  toJSON(): Record<string, V> {
    const out: Record<string, V> = {};
    for (const [key, value] of this.entries().sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) out[key] = value;
    return out;
  }
}
