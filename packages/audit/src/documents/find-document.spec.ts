import { DocumentQueryError, parseDocumentQuery } from './find-document';

describe('periscol-audit document: what a query names', () => {
  it('reads ticket and credit-note numbers, and sends a tax certificate (R21) to the API that renders it', () => {
    expect(parseDocumentQuery('R-2026-000123')).toEqual({ kind: 'ticket', number: 'R-2026-000123' });
    expect(parseDocumentQuery('A-2026-000045')).toEqual({ kind: 'credit-note', number: 'A-2026-000045' });
    expect(() => parseDocumentQuery('F-2026-000001')).toThrow(DocumentQueryError);
    expect(() => parseDocumentQuery('F-2026-000001')).toThrow(/tax-certificate\.pdf/);
  });
});
