import { DocumentInputError } from '../document-input-error';
import { formatEuros } from './money-format';

describe('formatEuros', () => {
  it.each([
    [0, '0,00 €'],
    [5, '0,05 €'],
    [350, '3,50 €'],
    [100000, '1 000,00 €'],
    [123456789, '1 234 567,89 €'],
    [-500, '-5,00 €'],
    [-123456, '-1 234,56 €'],
  ])('%i cents → %s', (cents, shown) => {
    expect(formatEuros(cents)).toBe(shown);
  });

  it('uses plain spaces, never the narrow no-break space Intl emits', () => {
    expect(formatEuros(1234567)).not.toMatch(/[\u00a0\u202f]/);
  });

  it.each([3.5, Number.NaN, Number.POSITIVE_INFINITY, 2 ** 60])('refuses %p with a coded error', (cents) => {
    expect(() => formatEuros(cents)).toThrow(DocumentInputError);
    try {
      formatEuros(cents);
    } catch (error) {
      expect((error as DocumentInputError).code).toBe('INVALID_DOCUMENT_INPUT');
    }
  });
});
