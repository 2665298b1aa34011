import { exceedsJsonDepth, MAX_JSON_DEPTH } from './json-depth';

function nested(depth: number): unknown {
  let value: unknown = 1;
  for (let i = 0; i < depth; i++) value = i % 2 ? [value] : { a: value };
  return value;
}

describe('exceedsJsonDepth', () => {
  it('counts container levels: a scalar is 0, [] is 1', () => {
    expect(exceedsJsonDepth('x', 0)).toBe(false);
    expect(exceedsJsonDepth([], 0)).toBe(true);
    expect(exceedsJsonDepth([], 1)).toBe(false);
    expect(exceedsJsonDepth({ slots: [{ date: '2026-12-01' }] }, 3)).toBe(false);
    expect(exceedsJsonDepth({ slots: [{ date: '2026-12-01' }] }, 2)).toBe(true);
  });

  it('accepts MAX_JSON_DEPTH levels and refuses one more', () => {
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH))).toBe(false);
    expect(exceedsJsonDepth(nested(MAX_JSON_DEPTH + 1))).toBe(true);
  });

  it('walks a million levels without recursion', () => {
    expect(exceedsJsonDepth(nested(1_000_000))).toBe(true);
  });
});
