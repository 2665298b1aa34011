import { formatDocumentNumber, parseDocumentNumber } from './document-number';

describe('document numbers', () => {
  it('formats tickets and credit notes with a 6-digit sequence', () => {
    expect(formatDocumentNumber('R', 2026, 123)).toBe('R-2026-000123');
    expect(formatDocumentNumber('A', 2026, 45)).toBe('A-2026-000045');
    expect(formatDocumentNumber('R', 2027, 1)).toBe('R-2027-000001');
    expect(formatDocumentNumber('R', 2027, 999_999)).toBe('R-2027-999999');
    expect(formatDocumentNumber('R', 2027, 1_000_000)).toBe('R-2027-1000000');
  });

  it('refuses what cannot be a number', () => {
    for (const [prefix, year, sequence] of [['R', 2026, 0], ['R', 2026, -1], ['R', 2026, 1.5], ['R', 26, 1], ['X', 2026, 1]] as const) {
      expect(() => formatDocumentNumber(prefix as 'R', year, sequence)).toThrow(expect.objectContaining({ code: 'INVALID_DOCUMENT_NUMBER' }));
    }
  });

  it('parses what it formats', () => {
    expect(parseDocumentNumber('R-2026-000123')).toEqual({ prefix: 'R', year: 2026, sequence: 123 });
    expect(parseDocumentNumber('A-2027-1000000')).toEqual({ prefix: 'A', year: 2027, sequence: 1_000_000 });
  });

  it.each(['R-2026-123', 'R-2026-0000123', 'R-2026-000000', 'X-2026-000001', 'r-2026-000001', 'R-26-000001', 'R-2026-000001 ', 'R2026000001', ''])(
    'returns null for %p',
    (text) => {
      expect(parseDocumentNumber(text)).toBeNull();
    },
  );
});
