/**
 * The page layout the régie's documents share (the monthly pack, the refund campaign): A4,
 * a running header with the page number, rows of positioned cells, titles that never end a page.
 */
import type { PDFDocument, PDFFont, PDFPage } from 'pdf-lib';
import { toWinAnsi } from '../format/win-ansi';

export const PAGE: [number, number] = [595.28, 841.89];
export const MARGIN = 42;
export const LINE = 13;

export class Layout {
  page!: PDFPage;
  y = 0;
  pageNumber = 0;
  constructor(
    private readonly doc: PDFDocument,
    private readonly regular: PDFFont,
    private readonly bold: PDFFont,
    private readonly header: string,
  ) {
    this.newPage();
  }

  newPage(): void {
    this.page = this.doc.addPage(PAGE);
    this.pageNumber++;
    this.y = PAGE[1] - MARGIN;
    this.text(this.header, MARGIN, { size: 8 });
    this.text(`page ${this.pageNumber}`, PAGE[0] - MARGIN, { size: 8, alignRight: true });
    this.y -= LINE * 1.5;
  }

  need(lines: number): void {
    if (this.y - lines * LINE < MARGIN) this.newPage();
  }

  text(value: string, x: number, options: { bold?: boolean; size?: number; alignRight?: boolean } = {}): void {
    const font = options.bold ? this.bold : this.regular;
    const size = options.size ?? 9;
    const text = toWinAnsi(value);
    const width = font.widthOfTextAtSize(text, size);
    this.page.drawText(text, { x: options.alignRight ? x - width : x, y: this.y, size, font });
  }

  row(cells: readonly { text: string; x: number; right?: boolean }[], bold = false): void {
    this.need(1);
    for (const cell of cells) this.text(cell.text, cell.x, { bold, alignRight: cell.right });
    this.y -= LINE;
  }

  title(value: string): void {
    this.need(3);
    this.y -= LINE / 2;
    this.text(value, MARGIN, { bold: true, size: 12 });
    this.y -= LINE * 1.5;
  }
}
