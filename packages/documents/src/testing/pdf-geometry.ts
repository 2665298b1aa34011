import { inflateSync } from 'node:zlib';
import { PDFDocument, PDFFont, PDFName, PDFRawStream, StandardFonts } from 'pdf-lib';
import { WIN_ANSI_CODE_POINTS } from '../format/win-ansi';

/** One text item as drawn: where its baseline starts, how wide it is, what it says. */
export interface DrawnText {
  readonly page: number;
  readonly x: number;
  readonly baseline: number;
  readonly size: number;
  readonly width: number;
  readonly text: string;
}

export interface PageGeometry {
  readonly width: number;
  readonly height: number;
  readonly texts: DrawnText[];
}

const TEXT_ITEM = /BT \/(F[12]) ([\d.]+) Tf [\d. ]+ rg (-?[\d.]+) (-?[\d.]+) Td <([0-9A-Fa-f]*)> Tj ET/g;

/**
 * Reads back every text item of a document rendered by this package, by inflating each page's
 * content stream and reading the operators the builder writes (BT … Tf … Td <hex> Tj ET).
 * Widths come from pdf-lib's Helvetica metrics, glyph by glyph, as a viewer draws them.
 */
export async function readGeometry(bytes: Uint8Array): Promise<PageGeometry[]> {
  const doc = await PDFDocument.load(bytes);
  const fonts: Record<string, PDFFont> = {
    F1: doc.embedStandardFont(StandardFonts.Helvetica),
    F2: doc.embedStandardFont(StandardFonts.HelveticaBold),
  };
  const charOf = new Map<string, string>();
  for (const code of WIN_ANSI_CODE_POINTS) {
    const char = String.fromCodePoint(code);
    charOf.set(fonts.F1.encodeText(char).asString().toUpperCase(), char);
  }
  return doc.getPages().map((page, index) => {
    const contents = page.node.get(PDFName.of('Contents'));
    const stream = doc.context.lookup(contents);
    if (!(stream instanceof PDFRawStream)) throw new Error(`page ${index + 1}: no raw content stream`);
    const operators = inflateSync(stream.contents).toString('latin1');
    const texts: DrawnText[] = [];
    for (const match of operators.matchAll(TEXT_ITEM)) {
      const [, fontKey, size, x, baseline, hex] = match;
      const text = (hex.toUpperCase().match(/../g) ?? []).map((pair) => charOf.get(pair) ?? '\ufffd').join('');
      const font = fonts[fontKey];
      const width = [...text].reduce((sum, char) => sum + font.widthOfTextAtSize(char, Number(size)), 0);
      texts.push({ page: index + 1, x: Number(x), baseline: Number(baseline), size: Number(size), width, text });
    }
    const { width, height } = page.getSize();
    return { width, height, texts };
  });
}

/** The box a text item's glyphs occupy (Helvetica: descender ≈ 0.21, cap height ≈ 0.72 em). */
export function boxOf(item: DrawnText): { left: number; right: number; bottom: number; top: number } {
  return { left: item.x, right: item.x + item.width, bottom: item.baseline - 0.21 * item.size, top: item.baseline + 0.72 * item.size };
}

/** Pairs of text items on the same page whose boxes intersect by more than `tolerance` points. */
export function overlaps(texts: readonly DrawnText[], tolerance = 0.3): [DrawnText, DrawnText][] {
  const found: [DrawnText, DrawnText][] = [];
  const boxes = texts.map(boxOf);
  for (let i = 0; i < texts.length; i++) {
    for (let j = i + 1; j < texts.length; j++) {
      const a = boxes[i];
      const b = boxes[j];
      const dx = Math.min(a.right, b.right) - Math.max(a.left, b.left);
      const dy = Math.min(a.top, b.top) - Math.max(a.bottom, b.bottom);
      if (dx > tolerance && dy > tolerance) found.push([texts[i], texts[j]]);
    }
  }
  return found;
}
