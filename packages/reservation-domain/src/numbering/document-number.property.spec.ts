import fc from 'fast-check';
import { formatDocumentNumber, parseDocumentNumber } from './document-number';

describe('document number properties', () => {
  it('formatDocumentNumber and parseDocumentNumber round-trip', () => {
    fc.assert(
      fc.property(fc.constantFrom('R' as const, 'A' as const), fc.integer({ min: 1000, max: 9999 }), fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }), (prefix, year, sequence) => {
        const text = formatDocumentNumber(prefix, year, sequence);
        expect(parseDocumentNumber(text)).toEqual({ prefix, year, sequence });
      }),
    );
  });

  it('any text parseDocumentNumber accepts is formatted back to itself', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[RAX]-\d{4}-\d{5,8}$/), (text) => {
        const parsed = parseDocumentNumber(text);
        if (parsed) expect(formatDocumentNumber(parsed.prefix, parsed.year, parsed.sequence)).toBe(text);
      }),
    );
  });
});
