import { formatEuros } from './format-euros';

describe('formatEuros', () => {
  it.each([
    [350, '3,50 €'],
    [0, '0,00 €'],
    [5, '0,05 €'],
    [100_000, '1 000,00 €'],
    [123_456_789, '1 234 567,89 €'],
    [-200, '-2,00 €'],
  ])('%i cents → %s', (cents, shown) => {
    expect(formatEuros(cents)).toBe(shown);
  });

  it('refuses anything but integer cents', () => {
    expect(() => formatEuros(3.5)).toThrow(RangeError);
    expect(() => formatEuros(Number.NaN)).toThrow(RangeError);
  });
});
