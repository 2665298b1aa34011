import { CentsSchema, formatEuros } from './money';

describe('formatEuros', () => {
  it.each([
    [0, '0,00 €'],
    [5, '0,05 €'],
    [99, '0,99 €'],
    [100, '1,00 €'],
    [350, '3,50 €'],
    [99_999, '999,99 €'],
    [100_000, '1 000,00 €'],
    [123_456, '1 234,56 €'],
    [123_456_789, '1 234 567,89 €'],
    [-350, '-3,50 €'],
    [-123_456, '-1 234,56 €'],
    [-5, '-0,05 €'],
  ])('%i cents → %s', (cents, text) => {
    expect(formatEuros(cents)).toBe(text);
  });

  it('shows no minus sign for -0', () => {
    expect(formatEuros(-0)).toBe('0,00 €');
  });

  it.each([3.5, NaN, Infinity, 2 ** 53])('refuses %p with INVALID_AMOUNT', (cents) => {
    expect(() => formatEuros(cents)).toThrow(expect.objectContaining({ code: 'INVALID_AMOUNT' }));
  });
});

describe('CentsSchema', () => {
  it('accepts non-negative integers only', () => {
    expect(CentsSchema.safeParse(0).success).toBe(true);
    expect(CentsSchema.safeParse(350).success).toBe(true);
    expect(CentsSchema.safeParse(-1).success).toBe(false);
    expect(CentsSchema.safeParse(3.5).success).toBe(false);
    expect(CentsSchema.safeParse('350').success).toBe(false);
  });
});
