import fc from 'fast-check';
import { canonicalJson, NotJsonError } from './canonical-json';

function shuffleKeys(value: unknown, seed: number): unknown {
  if (Array.isArray(value)) return value.map((item, i) => shuffleKeys(item, seed + i));
  if (value && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>);
    const rotated = entries.length ? [...entries.slice(seed % entries.length), ...entries.slice(0, seed % entries.length)].reverse() : entries;
    return Object.fromEntries(rotated.map(([k, v]) => [k, shuffleKeys(v, seed + 1)]));
  }
  return value;
}

describe('canonicalJson (properties)', () => {
  test('what is read back from JSON text hashes like what was written', () => {
    fc.assert(
      fc.property(fc.jsonValue(), (value) => {
        expect(canonicalJson(JSON.parse(JSON.stringify(value)))).toBe(canonicalJson(value));
        expect(JSON.parse(canonicalJson(value))).toEqual(JSON.parse(JSON.stringify(value)));
      }),
      { numRuns: 300 },
    );
  });

  test('key order does not matter and the output is a fixed point', () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.nat(10), (value, seed) => {
        const canonical = canonicalJson(value);
        expect(canonicalJson(shuffleKeys(value, seed))).toBe(canonical);
        expect(canonicalJson(JSON.parse(canonical))).toBe(canonical);
      }),
      { numRuns: 300 },
    );
  });
});

describe('canonicalJson', () => {
  test('sorts keys recursively and writes no whitespace', () => {
    expect(canonicalJson({ b: 1, a: { d: [3, { z: true, y: null }], c: 'é "x"' } })).toBe('{"a":{"c":"é \\"x\\"","d":[3,{"y":null,"z":true}]},"b":1}');
  });

  test('follows JSON.stringify for undefined and toJSON', () => {
    expect(canonicalJson({ a: undefined, b: [undefined], d: new Date('2026-09-01T00:00:00Z') })).toBe('{"b":[null],"d":"2026-09-01T00:00:00.000Z"}');
  });

  test.each([
    ['a bigint', { n: BigInt(1) }],
    ['NaN', { n: Number.NaN }],
    ['Infinity', [Number.POSITIVE_INFINITY]],
    ['a Map', { m: new Map() }],
    ['a class instance', { x: new (class Money {})() }],
    ['a function', { f: () => 1 }],
    ['undefined at the root', undefined],
  ])('refuses %s', (_label, value) => {
    expect(() => canonicalJson(value)).toThrow(NotJsonError);
  });

  test('refuses cycles but accepts shared (non-cyclic) references', () => {
    const shared = { x: 1 };
    expect(canonicalJson({ a: shared, b: shared })).toBe('{"a":{"x":1},"b":{"x":1}}');
    const cyclic: Record<string, unknown> = {};
    cyclic.self = cyclic;
    expect(() => canonicalJson(cyclic)).toThrow(/circular/);
  });
});
