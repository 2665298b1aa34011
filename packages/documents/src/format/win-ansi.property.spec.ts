import fc from 'fast-check';
import { PDFDocument, StandardFonts } from 'pdf-lib';
import { toWinAnsi } from './win-ansi';

describe('toWinAnsi (property)', () => {
  it('always yields text Helvetica can encode, and is idempotent', async () => {
    const doc = await PDFDocument.create();
    const regular = doc.embedStandardFont(StandardFonts.Helvetica);
    const bold = doc.embedStandardFont(StandardFonts.HelveticaBold);
    fc.assert(
      fc.property(fc.string({ unit: 'binary', maxLength: 40 }), (text) => {
        const safe = toWinAnsi(text);
        expect(() => regular.encodeText(safe)).not.toThrow();
        expect(() => bold.encodeText(safe)).not.toThrow();
        expect(toWinAnsi(safe)).toBe(safe);
      }),
      { numRuns: 500 },
    );
  });
});
