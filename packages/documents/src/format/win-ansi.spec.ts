import { PDFDocument, StandardFonts } from 'pdf-lib';
import { toWinAnsi, WIN_ANSI_CODE_POINTS } from './win-ansi';

describe('toWinAnsi', () => {
  it('knows exactly the characters pdf-lib can encode with Helvetica', async () => {
    const doc = await PDFDocument.create();
    for (const name of [StandardFonts.Helvetica, StandardFonts.HelveticaBold]) {
      const font = doc.embedStandardFont(name);
      expect([...WIN_ANSI_CODE_POINTS].sort((a, b) => a - b)).toEqual([...font.getCharacterSet()].sort((a, b) => a - b));
    }
  });

  it('keeps French text as it is', () => {
    const french = 'Œuvre « périscolaire » : façade, naïve, où, Noël — 3,50 € ‘ok’ … ÀÉÈÙÇ æ œ';
    expect(toWinAnsi(french)).toBe(french);
  });

  it('turns every kind of space into a plain space', () => {
    expect(toWinAnsi('1\u202f234,50\u00a0€')).toBe('1 234,50\u00a0€');
    expect(toWinAnsi('a\tb\nc\u2009d\u3000e')).toBe('a b c d e');
  });

  it('drops accents it cannot draw and replaces the rest', () => {
    expect(toWinAnsi('Erdős Łukasz Łódź')).toBe('Erdos ?ukasz ?ódz');
    expect(toWinAnsi('Nguyễn Thị')).toBe('Nguyên Thi');
    expect(toWinAnsi('ＡＢ ǆ')).toBe('AB dž');
    expect(toWinAnsi('ﬁn')).toBe('fin');
    expect(toWinAnsi('e\u0301te\u0301')).toBe('été'); // decomposed input is composed first
    expect(toWinAnsi('Zoé 👧🏽 李')).toBe('Zoé ?? ?');
    expect(toWinAnsi('−5 ‑ x')).toBe('-5 - x');
    expect(toWinAnsi('soft\u00adhyphen')).toBe('softhyphen');
    expect(toWinAnsi('lone \ud800 surrogate')).toBe('lone ? surrogate');
  });
});
