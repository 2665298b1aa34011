import { PDFFont } from 'pdf-lib';

/*
 * Per-character widths and WinAnsi codes of the standard fonts, looked up once per character.
 * Pure font data, so caching it across documents changes no byte. Widths are the glyph
 * advances without kerning, which is exactly how a `Tj` string is drawn (pdf-lib's own
 * widthOfTextAtSize adds kerning pairs that the drawn text does not use).
 */
const widths = new Map<string, Map<string, number>>();
const codes = new Map<string, string>();

function widthsOf(font: PDFFont): Map<string, number> {
  let table = widths.get(font.name);
  if (!table) {
    table = new Map();
    widths.set(font.name, table);
  }
  return table;
}

/** Width in points of WinAnsi-safe `text` at `size`. */
export function textWidth(font: PDFFont, text: string, size: number): number {
  const table = widthsOf(font);
  let units = 0;
  for (const char of text) {
    let width = table.get(char);
    if (width === undefined) {
      width = font.widthOfTextAtSize(char, 1000);
      table.set(char, width);
    }
    units += width;
  }
  return (units * size) / 1000;
}

/** WinAnsi-safe `text` as the hex string a `Tj` operator shows (same code in every standard font). */
export function textHex(font: PDFFont, text: string): string {
  let hex = '';
  for (const char of text) {
    let code = codes.get(char);
    if (code === undefined) {
      code = font.encodeText(char).asString();
      codes.set(char, code);
    }
    hex += code;
  }
  return hex;
}
