import { ApiError } from '../http/api-error';
import { bodyHash, canonicalJson } from './body-hash';
import { IdempotencyContext } from './idempotency-context';

describe('bodyHash', () => {
  it('ignores key order and whitespace, not values', () => {
    expect(bodyHash(JSON.parse('{ "b": [1, {"y": 2, "x": 1}], "a": "é" }'))).toBe(bodyHash({ a: 'é', b: [1, { x: 1, y: 2 }] }));
    expect(bodyHash({ a: 1 })).not.toBe(bodyHash({ a: 2 }));
    expect(bodyHash({ a: [1, 2] })).not.toBe(bodyHash({ a: [2, 1] }));
    expect(bodyHash({ a: '1' })).not.toBe(bodyHash({ a: 1 }));
  });

  it('treats a missing body as null and skips undefined properties like JSON does', () => {
    expect(bodyHash(undefined)).toBe(bodyHash(null));
    expect(canonicalJson({ a: undefined, b: 1 })).toBe('{"b":1}');
    expect(canonicalJson([undefined])).toBe('[null]');
  });

  it('refuses a body too deep to hash (400 BODY_TOO_DEEP) instead of overflowing the stack', () => {
    const deep = JSON.parse(`${'['.repeat(100_000)}${']'.repeat(100_000)}`) as unknown;
    expect(() => bodyHash(deep)).toThrow(expect.objectContaining({ code: 'BODY_TOO_DEEP', status: 400 }));
    expect(() => bodyHash(deep)).toThrow(ApiError);
  });
});

describe('IdempotencyContext', () => {
  it('derives stable ids per caller, key and prefix', () => {
    const a = new IdempotencyContext('k-1', 'parent:p1');
    expect(a.derivedId('order')).toBe(new IdempotencyContext('k-1', 'parent:p1').derivedId('order'));
    expect(a.derivedId('order')).toMatch(/^order-[0-9a-f]{24}$/);
    expect(a.derivedId('order')).not.toBe(a.derivedId('payment'));
    expect(a.derivedId('order')).not.toBe(new IdempotencyContext('k-1', 'parent:p2').derivedId('order'));
    expect(a.derivedId('order')).not.toBe(new IdempotencyContext('k-2', 'parent:p1').derivedId('order'));
    expect(a.commandKey).toMatch(/^[0-9a-f]{64}$/);
  });

  it('derives bare ids for what a stream name prefixes: a family stream reads family-<hex>, not family-family-<hex>', () => {
    const a = new IdempotencyContext('k-1', 'admin:a1');
    expect(a.derivedHex('family')).toMatch(/^[0-9a-f]{24}$/);
    expect(a.derivedId('family')).toBe(`family-${a.derivedHex('family')}`);
  });

  it('does not let a crafted scope/key pair collide with another', () => {
    expect(new IdempotencyContext('x', 'parent:a\nb').commandKey).not.toBe(new IdempotencyContext('b\nx', 'parent:a').commandKey);
    expect(() => new IdempotencyContext('k', 's').derivedId('Bad Prefix')).toThrow();
  });
});
