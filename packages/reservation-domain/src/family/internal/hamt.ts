/**
 * The nodes of `PersistentMap`'s hash array mapped trie and the pure operations on them: each
 * returns a new node sharing every untouched branch, except inside one `setEach` batch (`edit`),
 * whose own fresh branches are updated in place.
 */

const BITS = 5;
const MASK = (1 << BITS) - 1; // 32-bit hashes: levels at shifts 0, 5, …, 30, then collision nodes

export interface Leaf<V> {
  readonly kind: 'leaf';
  readonly hash: number;
  readonly key: string;
  readonly value: V;
}
export interface Collision<V> {
  readonly kind: 'collision';
  readonly hash: number;
  readonly leaves: readonly Leaf<V>[];
}
export interface Branch<V> {
  readonly kind: 'branch';
  bitmap: number;
  children: TrieNode<V>[];
  /**
   * The batch (`setMany`) that created this branch, or null. Within its own batch a branch is
   * not shared yet, so it is updated in place; every other branch is copied.
   */
  readonly edit: object | null;
}
export type TrieNode<V> = Leaf<V> | Collision<V> | Branch<V>;

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

export function leafOf<V>(hash: number, key: string, value: V): Leaf<V> {
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

export function lookup<V>(root: TrieNode<V> | null, hash: number, key: string): Leaf<V> | undefined {
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
// object, to keep inserts allocation-light. Every path through `insert` sets it.
let inserted = false;

/** Whether the last `insert` added a key rather than replaced a value. */
export function insertAddedKey(): boolean {
  return inserted;
}

export function insert<V>(node: TrieNode<V>, shift: number, hash: number, key: string, value: V, edit: object | null): TrieNode<V> {
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
export function remove<V>(node: TrieNode<V>, shift: number, hash: number, key: string): TrieNode<V> | null {
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

export function visit<V>(node: TrieNode<V> | null, fn: (value: V, key: string) => void): void {
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
