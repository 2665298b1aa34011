import fc from 'fast-check';
import { PersistentMap } from './persistent-map';

type Op =
  | { kind: 'set'; key: string; value: number }
  | { kind: 'delete'; key: string }
  | { kind: 'setMany'; entries: [string, number][] };

const keyArb = fc.constantFrom(...Array.from({ length: 60 }, (_, i) => `k${i}`));
const opsArb = fc.array(
  fc.oneof(
    fc.record({ kind: fc.constant('set' as const), key: keyArb, value: fc.integer() }),
    fc.record({ kind: fc.constant('delete' as const), key: keyArb }),
    fc.record({ kind: fc.constant('setMany' as const), entries: fc.array(fc.tuple(keyArb, fc.integer()), { maxLength: 12 }) }),
  ),
  { maxLength: 200 },
);

function check(hash?: (key: string) => number) {
  fc.assert(
    fc.property(opsArb, (ops: Op[]) => {
      const model = new Map<string, number>();
      let map = PersistentMap.empty<number>(hash);
      const versions: { map: PersistentMap<number>; snapshot: [string, number][] }[] = [];
      for (const op of ops) {
        if (op.kind === 'set') {
          model.set(op.key, op.value);
          map = map.set(op.key, op.value);
        } else if (op.kind === 'setMany') {
          for (const [key, value] of op.entries) model.set(key, value);
          map = map.setMany(op.entries);
        } else {
          model.delete(op.key);
          map = map.delete(op.key);
        }
        versions.push({ map, snapshot: [...model.entries()] });
        expect(map.size).toBe(model.size);
      }
      for (const [key, value] of model) expect(map.get(key)).toBe(value);
      expect(map.has('absent')).toBe(false);
      expect(map.entries().sort()).toEqual([...model.entries()].sort());
      // Older versions are untouched by later changes.
      for (const { map: old, snapshot } of versions) expect(old.entries().sort()).toEqual(snapshot.sort());
    }),
    { numRuns: 150 },
  );
}

describe('PersistentMap', () => {
  it('behaves like a Map and never changes an older version', () => check());

  it('stays correct when every key collides or shares long hash prefixes', () => {
    check(() => 42);
    // Hashes that differ only in their top two bits: merges go down to the last level.
    check((key) => ((Number(key.slice(1)) % 4) << 30) >>> 0);
    check((key) => (((key.length * 0x9e3779b1) >>> 0) & 0xc0000003) >>> 0);
  });

  it('returns the same map when nothing changes', () => {
    const map = PersistentMap.from([['a', 1]]);
    expect(map.set('a', 1)).toBe(map);
    expect(map.delete('b')).toBe(map);
    expect(map.update('b', (v) => v + 1)).toBe(map);
  });

  it('serialises to a plain object sorted by key', () => {
    expect(JSON.stringify(PersistentMap.from([['b', 2], ['a', 1]]))).toBe('{"a":1,"b":2}');
  });
});
