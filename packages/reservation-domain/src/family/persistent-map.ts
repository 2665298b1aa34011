/**
 * An immutable map with string keys (a hash array mapped trie). `set` and `delete` return a new
 * map that shares every untouched branch with the old one, so evolving a family's state copies a
 * handful of small arrays instead of a Map holding every slot the family ever reserved (a family
 * with three children reserves ~2,000 slots a school year; copying that on every event would sink
 * the decider's throughput). Old versions stay valid: folds, tests and `quote` may keep them.
 */

const BITS = 5;
const MASK = (1 << BITS) - 1; // 32-bit hashes: levels at shifts 0, 5, …, 30, then collision nodes

interface Leaf<V> {
  readonly kind: 'leaf';
  readonly hash: number;
  readonly key: string;
  readonly value: V;
}
interface Collision<V> {
  readonly kind: 'collision';
  readonly hash: number;
  readonly leaves: readonly Leaf<V>[];
}
interface Branch<V> {
  readonly kind: 'branch';
  bitmap: number;
  children: TrieNode<V>[];
  /**
   * The batch (`setMany`) that created this branch, or null. Within its own batch a branch is
   * not shared yet, so it is updated in place; every other branch is copied.
   */
  readonly edit: object | null;
}
type TrieNode<V> = Leaf<V> | Collision<V> | Branch<V>;

/** FNV-1a, 32 bits. */
export function hashString(key: string): number {
  let hash = 0x811c9dc5;
  for (let i = 0; i < key.length; i++) {
    hash ^= key.charCodeAt(i);
    hash = Math.imul(hash, 0x01000193);
  }
  return hash >>> 0;
}

function popcount(x: number): number {
  x -= (x >>> 1) & 0x55555555;
  x = (x & 0x33333333) + ((x >>> 2) & 0x33333333);
  x = (x + (x >>> 4)) & 0x0f0f0f0f;
  return Math.imul(x, 0x01010101) >>> 24;
}

function fragment(hash: number, shift: number): number {
  return (hash >>> shift) & MASK;
}

/** A copy of `items` with `item` inserted at `index`, allocated at its exact size. */
function inserted_<T>(items: readonly T[], index: number, item: T): T[] {
  const out = new Array<T>(items.length + 1);
  for (let i = 0; i < index; i++) out[i] = items[i];
  out[index] = item;
  for (let i = index; i < items.length; i++) out[i + 1] = items[i];
  return out;
}

/** A copy of `items` without the item at `index`, allocated at its exact size. */
function removed<T>(items: readonly T[], index: number): T[] {
  const out = new Array<T>(items.length - 1);
  for (let i = 0; i < index; i++) out[i] = items[i];
  for (let i = index + 1; i < items.length; i++) out[i - 1] = items[i];
  return out;
}

function leafOf<V>(hash: number, key: string, value: V): Leaf<V> {
  return { kind: 'leaf', hash, key, value };
}

/** A node holding `a` and `b` (different hashes) below `shift`. */
function merge<V>(shift: number, a: Leaf<V> | Collision<V>, b: Leaf<V>, edit: object | null): TrieNode<V> {
  const fa = fragment(a.hash, shift);
  const fb = fragment(b.hash, shift);
  if (fa === fb) {
    return { kind: 'branch', bitmap: 1 << fa, children: [merge(shift + BITS, a, b, edit)], edit };
  }
  return { kind: 'branch', bitmap: (1 << fa) | (1 << fb), children: fa < fb ? [a, b] : [b, a], edit };
}

function lookup<V>(root: TrieNode<V> | null, hash: number, key: string): Leaf<V> | undefined {
  let node = root;
  let shift = 0;
  while (node) {
    switch (node.kind) {
      case 'leaf':
        return node.key === key ? node : undefined;
      case 'collision':
        return node.hash === hash ? node.leaves.find((leaf) => leaf.key === key) : undefined;
      case 'branch': {
        const bit = 1 << fragment(hash, shift);
        if ((node.bitmap & bit) === 0) return undefined;
        node = node.children[popcount(node.bitmap & (bit - 1))];
        shift += BITS;
        break;
      }
    }
  }
  return undefined;
}

// Whether the last `insert` added a key (rather than replaced a value): a flag, not a result
// object, to keep inserts allocation-light.
let inserted = false;

function insert<V>(node: TrieNode<V>, shift: number, hash: number, key: string, value: V, edit: object | null): TrieNode<V> {
  switch (node.kind) {
    case 'leaf': {
      if (node.key === key) {
        inserted = false;
        return node.value === value ? node : leafOf(hash, key, value);
      }
      inserted = true;
      const leaf = leafOf(hash, key, value);
      if (node.hash === hash) return { kind: 'collision', hash, leaves: [node, leaf] };
      return merge(shift, node, leaf, edit);
    }
    case 'collision': {
      if (node.hash !== hash) {
        inserted = true;
        return merge(shift, node, leafOf(hash, key, value), edit);
      }
      const index = node.leaves.findIndex((leaf) => leaf.key === key);
      inserted = index < 0;
      if (index < 0) return { kind: 'collision', hash, leaves: inserted_(node.leaves, node.leaves.length, leafOf(hash, key, value)) };
      if (node.leaves[index].value === value) return node;
      const leaves = node.leaves.slice();
      leaves[index] = leafOf(hash, key, value);
      return { kind: 'collision', hash, leaves };
    }
    case 'branch': {
      const bit = 1 << fragment(hash, shift);
      const index = popcount(node.bitmap & (bit - 1));
      const owned = edit !== null && node.edit === edit;
      if ((node.bitmap & bit) === 0) {
        inserted = true;
        const leaf = leafOf(hash, key, value);
        if (owned) {
          node.children.splice(index, 0, leaf);
          node.bitmap |= bit;
          return node;
        }
        return { kind: 'branch', bitmap: node.bitmap | bit, children: inserted_(node.children, index, leaf), edit };
      }
      const child = node.children[index];
      const next = insert(child, shift + BITS, hash, key, value, edit);
      if (next === child) return node;
      if (owned) {
        node.children[index] = next;
        return node;
      }
      const children = node.children.slice();
      children[index] = next;
      return { kind: 'branch', bitmap: node.bitmap, children, edit };
    }
  }
}

/** Returns the node without `key`: the same node when absent, null when it became empty. */
function remove<V>(node: TrieNode<V>, shift: number, hash: number, key: string): TrieNode<V> | null {
  switch (node.kind) {
    case 'leaf':
      return node.key === key ? null : node;
    case 'collision': {
      if (node.hash !== hash) return node;
      const index = node.leaves.findIndex((leaf) => leaf.key === key);
      if (index < 0) return node;
      const leaves = removed(node.leaves, index);
      return leaves.length === 1 ? leaves[0] : { kind: 'collision', hash: node.hash, leaves };
    }
    case 'branch': {
      const bit = 1 << fragment(hash, shift);
      if ((node.bitmap & bit) === 0) return node;
      const index = popcount(node.bitmap & (bit - 1));
      const child = node.children[index];
      const next = remove(child, shift + BITS, hash, key);
      if (next === child) return node;
      if (next === null) {
        if (node.children.length === 1) return null;
        const children = removed(node.children, index);
        // A branch left with one leaf collapses into it, so the trie stays as shallow as a fresh one.
        if (children.length === 1 && children[0].kind !== 'branch') return children[0];
        return { kind: 'branch', bitmap: node.bitmap & ~bit, children, edit: null };
      }
      if (node.children.length === 1 && next.kind !== 'branch') return next;
      const children = node.children.slice();
      children[index] = next;
      return { kind: 'branch', bitmap: node.bitmap, children, edit: null };
    }
  }
}

function visit<V>(node: TrieNode<V> | null, fn: (value: V, key: string) => void): void {
  if (!node) return;
  switch (node.kind) {
    case 'leaf':
      fn(node.value, node.key);
      return;
    case 'collision':
      for (const leaf of node.leaves) fn(leaf.value, leaf.key);
      return;
    case 'branch':
      for (const child of node.children) visit(child, fn);
      return;
  }
}

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
    inserted = false;
    const node = insert(this.root, 0, hash, key, value, null);
    return node === this.root ? this : new PersistentMap(node, inserted ? this.size + 1 : this.size, this.hash);
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
      inserted = false;
      root = insert(root, 0, hash, key, value, edit);
      if (inserted) size++;
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
