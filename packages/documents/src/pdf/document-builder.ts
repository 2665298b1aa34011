import { PDFDocument, PDFFont, PDFHexString, PDFName, PDFPage, StandardFonts } from 'pdf-lib';
import { toWinAnsi } from '../format/win-ansi';
import { fingerprint128 } from './document-id';
import { textHex, textWidth } from './font-metrics';

/** A4 portrait, in points. */
export const PAGE_WIDTH = 595.28;
export const PAGE_HEIGHT = 841.89;
export const MARGIN = 42;
const FOOTER_SPACE = 30;
const CONTENT_BOTTOM = MARGIN + FOOTER_SPACE;

export type Rgb = readonly [number, number, number];
export const INK: Rgb = [0.1, 0.1, 0.1];
export const MUTED: Rgb = [0.38, 0.38, 0.38];
export const RULE: Rgb = [0.72, 0.72, 0.72];
export const HEADER_FILL: Rgb = [0.9, 0.9, 0.9];
export const ZEBRA_FILL: Rgb = [0.965, 0.965, 0.965];
/** The guide's « Jours réservés » green; always paired with a letter, never colour alone. */
export const RESERVED_FILL: Rgb = [0.8, 0.92, 0.8];
export const OUTSIDE_FILL: Rgb = [0.93, 0.93, 0.93];
/** School holidays and bank holidays in the recap's calendars (layout 2); always listed in words too. */
export const HOLIDAY_FILL: Rgb = [0.84, 0.89, 0.97];

export interface DocumentMeta {
  /** Kind of document, part of the file identifier: 'order-detail', 'payment-ticket'… */
  readonly kind: string;
  /** The document's own number or id (order id, ticket number…). */
  readonly reference: string;
  readonly title: string;
  readonly subject: string;
  readonly author: string;
  /** The instant the document speaks for, taken from the events: never the clock. */
  readonly issuedAtMs: number;
}

export interface TextStyle {
  readonly size?: number;
  readonly bold?: boolean;
  readonly color?: Rgb;
  /** 'right' aligns the text's right edge on x. */
  readonly align?: 'left' | 'right' | 'center';
  /** Longer text is cut and ends with '…'. */
  readonly maxWidth?: number;
}

export interface Column {
  readonly header: string;
  readonly width: number;
  readonly align?: 'left' | 'right';
}

const PRODUCER = 'Periscol documents (pdf-lib 1.17.1)';
/** Font resource names, the same on every page. */
const REGULAR = 'F1';
const BOLD = 'F2';

/** A number as PDF content-stream text, at most two decimals. */
const num = (n: number) => String(Math.round(n * 100) / 100);
const color = ([r, g, b]: Rgb) => `${num(r)} ${num(g)} ${num(b)}`;

/**
 * Lays out one document page after page with a moving cursor (`y`, top of the next line).
 * Each page's content stream is written as text (a few PDF operators per item) and two font
 * resources are registered once per page: `page.drawText` with a font option adds a resource
 * entry per call and builds objects per operator, several times slower for the same marks.
 */
export class DocumentBuilder {
  private readonly pages: PDFPage[] = [];
  /** Content-stream lines of each page. */
  private readonly contents: string[][] = [];
  private ops: string[] = [];
  /** Top of the next thing drawn on the current page. */
  y = 0;
  /** Drawn under the running header of each new page (e.g. « Léa (suite) »), when set. */
  continuation: (() => void) | null = null;

  private constructor(
    private readonly doc: PDFDocument,
    readonly regular: PDFFont,
    readonly bold: PDFFont,
    private readonly meta: DocumentMeta,
  ) {}

  static async start(meta: DocumentMeta): Promise<DocumentBuilder> {
    const doc = await PDFDocument.create({ updateMetadata: false });
    const issuedAt = new Date(meta.issuedAtMs);
    doc.setTitle(meta.title, { showInWindowTitleBar: true });
    doc.setSubject(meta.subject);
    doc.setAuthor(meta.author);
    doc.setCreator('Periscol');
    doc.setProducer(PRODUCER);
    doc.setCreationDate(issuedAt);
    doc.setModificationDate(issuedAt);
    doc.setLanguage('fr-FR');
    // First part: the document itself; second: this version of it (the instant it speaks for).
    const permanent = fingerprint128(`${meta.kind}:${meta.reference}`);
    const version = fingerprint128(`${meta.kind}:${meta.reference}:${meta.issuedAtMs}`);
    doc.context.trailerInfo.ID = doc.context.obj([PDFHexString.of(permanent), PDFHexString.of(version)]);
    const regular = doc.embedStandardFont(StandardFonts.Helvetica);
    const bold = doc.embedStandardFont(StandardFonts.HelveticaBold);
    const builder = new DocumentBuilder(doc, regular, bold, meta);
    builder.newPage();
    return builder;
  }

  get contentWidth(): number {
    return PAGE_WIDTH - 2 * MARGIN;
  }

  get left(): number {
    return MARGIN;
  }

  get right(): number {
    return PAGE_WIDTH - MARGIN;
  }

  /** Space left above the footer on the current page. */
  get remaining(): number {
    return this.y - CONTENT_BOTTOM;
  }

  newPage(): void {
    const page = this.doc.addPage([PAGE_WIDTH, PAGE_HEIGHT]);
    page.node.setFontDictionary(PDFName.of(REGULAR), this.regular.ref);
    page.node.setFontDictionary(PDFName.of(BOLD), this.bold.ref);
    this.pages.push(page);
    this.ops = [];
    this.contents.push(this.ops);
    this.y = PAGE_HEIGHT - MARGIN;
    if (this.pages.length > 1) {
      // Continuation pages say what they continue.
      this.text(`${this.meta.title} — ${this.meta.reference} (suite)`, this.left, this.y - 8, { size: 8, color: MUTED, maxWidth: this.contentWidth });
      this.hline(this.y - 13);
      this.y -= 24;
      const continuation = this.continuation;
      // Cleared while it runs, so a continuation can never start a page of its own.
      this.continuation = null;
      continuation?.();
      this.continuation = continuation;
    }
  }

  /** Starts a new page unless `height` points still fit above the footer. */
  ensureSpace(height: number): boolean {
    if (this.remaining >= height) return false;
    this.newPage();
    return true;
  }

  fontOf(bold?: boolean): PDFFont {
    return bold ? this.bold : this.regular;
  }

  widthOf(text: string, size: number, bold?: boolean): number {
    return textWidth(this.fontOf(bold), toWinAnsi(text), size);
  }

  /** Cuts `text` (already WinAnsi) to `maxWidth`, ending with '…'. */
  fitText(text: string, size: number, maxWidth: number, bold?: boolean): string {
    const font = this.fontOf(bold);
    if (textWidth(font, text, size) <= maxWidth) return text;
    const chars = [...text];
    let low = 0;
    let high = chars.length;
    while (low < high) {
      const mid = (low + high + 1) >> 1;
      if (textWidth(font, `${chars.slice(0, mid).join('').trimEnd()}…`, size) <= maxWidth) low = mid;
      else high = mid - 1;
    }
    return `${chars.slice(0, low).join('').trimEnd()}…`;
  }

  /** Draws one line of text with its baseline at `baseline`. */
  text(raw: string, x: number, baseline: number, style: TextStyle = {}): void {
    const size = style.size ?? 10;
    const font = this.fontOf(style.bold);
    let text = toWinAnsi(raw);
    if (style.maxWidth !== undefined) text = this.fitText(text, size, style.maxWidth, style.bold);
    if (text === '') return;
    let left = x;
    if (style.align === 'right' || style.align === 'center') {
      const width = textWidth(font, text, size);
      left = style.align === 'right' ? x - width : x - width / 2;
    }
    this.ops.push(`BT /${style.bold ? BOLD : REGULAR} ${num(size)} Tf ${color(style.color ?? INK)} rg ${num(left)} ${num(baseline)} Td <${textHex(font, text)}> Tj ET`);
  }

  /** Writes a line at the cursor and moves the cursor down by `lineHeight`. */
  line(raw: string, style: TextStyle & { x?: number; lineHeight?: number } = {}): void {
    const size = style.size ?? 10;
    const lineHeight = style.lineHeight ?? size * 1.45;
    this.ensureSpace(lineHeight);
    const x = style.x ?? (style.align === 'right' ? this.right : this.left);
    this.text(raw, x, this.y - size, { maxWidth: this.right - (style.align === 'right' ? this.left : x), ...style });
    this.y -= lineHeight;
  }

  /** Word-wrapped paragraph starting at `x`, as many lines (and pages) as it needs. */
  paragraph(raw: string, style: TextStyle & { x?: number; lineHeight?: number } = {}): void {
    const size = style.size ?? 10;
    const x = style.x ?? this.left;
    for (const wrapped of this.wrap(toWinAnsi(raw), size, this.right - x, style.bold)) {
      this.line(wrapped, { ...style, x });
    }
  }

  /** Splits text into lines no wider than `width` (a word longer than a line is cut with '…'). */
  wrap(text: string, size: number, width: number, bold?: boolean): string[] {
    const font = this.fontOf(bold);
    const lines: string[] = [];
    let current = '';
    for (const word of text.split(' ').filter((w) => w !== '')) {
      const candidate = current === '' ? word : `${current} ${word}`;
      if (textWidth(font, candidate, size) <= width) {
        current = candidate;
      } else {
        if (current !== '') lines.push(current);
        current = textWidth(font, word, size) <= width ? word : this.fitText(word, size, width, bold);
      }
    }
    if (current !== '') lines.push(current);
    return lines.length ? lines : [''];
  }

  rect(x: number, y: number, width: number, height: number, fill: Rgb): void {
    this.ops.push(`q ${color(fill)} rg ${num(x)} ${num(y)} ${num(width)} ${num(height)} re f Q`);
  }

  hline(y: number, from = this.left, to = this.right, stroke: Rgb = RULE, lineWidth = 0.5): void {
    this.segment(from, y, to, y, stroke, lineWidth);
  }

  vline(x: number, top: number, bottom: number, stroke: Rgb = RULE, lineWidth = 0.5): void {
    this.segment(x, top, x, bottom, stroke, lineWidth);
  }

  private segment(x1: number, y1: number, x2: number, y2: number, stroke: Rgb, lineWidth: number): void {
    this.ops.push(`q ${color(stroke)} RG ${num(lineWidth)} w ${num(x1)} ${num(y1)} m ${num(x2)} ${num(y2)} l S Q`);
  }

  gap(height: number): void {
    this.y -= height;
  }

  /** Label / value pairs; a value too long for its line wraps under itself. */
  fields(pairs: readonly (readonly [string, string])[], labelWidth = 150, size = 10): void {
    const lineHeight = size * 1.5;
    for (const [label, value] of pairs) {
      const lines = this.wrap(toWinAnsi(value), size, this.contentWidth - labelWidth, true);
      lines.forEach((text, i) => {
        this.ensureSpace(lineHeight);
        if (i === 0) this.text(label, this.left, this.y - size, { size, color: MUTED, maxWidth: labelWidth - 6 });
        this.text(text, this.left + labelWidth, this.y - size, { size, bold: true });
        this.y -= lineHeight;
      });
    }
  }

  /**
   * A table that flows over pages: the header row is repeated on every page it continues on.
   * Column widths are fixed; cells too long for their column end with '…'.
   */
  table(columns: readonly Column[], rows: readonly (readonly string[])[], size = 9): void {
    const rowHeight = size + 7;
    const padding = 4;
    const drawHeader = () => {
      this.rect(this.left, this.y - rowHeight, this.contentWidth, rowHeight, HEADER_FILL);
      this.cells(columns, columns.map((c) => c.header), rowHeight, padding, size, true);
      this.y -= rowHeight;
    };
    this.ensureSpace(rowHeight * 2);
    drawHeader();
    rows.forEach((row, index) => {
      if (this.ensureSpace(rowHeight)) drawHeader();
      if (index % 2 === 1) this.rect(this.left, this.y - rowHeight, this.contentWidth, rowHeight, ZEBRA_FILL);
      this.cells(columns, row, rowHeight, padding, size, false);
      this.y -= rowHeight;
    });
    this.hline(this.y);
  }

  private cells(columns: readonly Column[], values: readonly string[], rowHeight: number, padding: number, size: number, bold: boolean): void {
    let x = this.left;
    const baseline = this.y - rowHeight + (rowHeight - size) / 2 + size * 0.22;
    columns.forEach((column, i) => {
      const maxWidth = column.width - 2 * padding;
      if (column.align === 'right') this.text(values[i] ?? '', x + column.width - padding, baseline, { size, bold, maxWidth, align: 'right' });
      else this.text(values[i] ?? '', x + padding, baseline, { size, bold, maxWidth });
      x += column.width;
    });
  }

  /** Right-aligned amounts under a table: « Total … 35,00 € ». */
  totals(rows: readonly { label: string; value: string; strong?: boolean }[], size = 10): void {
    const valueRight = this.right - 4;
    const labelRight = this.right - 110;
    for (const row of rows) {
      const lineHeight = (row.strong ? size + 2 : size) * 1.6;
      this.ensureSpace(lineHeight);
      const rowSize = row.strong ? size + 2 : size;
      const baseline = this.y - rowSize - 2;
      this.text(row.label, labelRight, baseline, { size: rowSize, bold: row.strong, align: 'right', maxWidth: labelRight - this.left });
      this.text(row.value, valueRight, baseline, { size: rowSize, bold: true, align: 'right', maxWidth: 100 });
      this.y -= lineHeight;
    }
  }

  /** Draws « Page i / n » and the document reference on every page, then serialises. */
  async finish(): Promise<Uint8Array> {
    const total = this.pages.length;
    this.pages.forEach((page, index) => {
      this.ops = this.contents[index];
      const baseline = MARGIN - 4;
      this.hline(MARGIN + 8);
      this.text(`${this.meta.title} — ${this.meta.reference}`, this.left, baseline, { size: 8, color: MUTED, maxWidth: this.contentWidth - 80 });
      this.text(`Page ${index + 1} / ${total}`, this.right, baseline, { size: 8, color: MUTED, align: 'right' });
      const stream = this.doc.context.flateStream(this.ops.join('\n'));
      page.node.set(PDFName.of('Contents'), this.doc.context.register(stream));
    });
    // No object streams, no yielding between objects: same bytes every time, and faster.
    return this.doc.save({ useObjectStreams: false, addDefaultPage: false, objectsPerTick: Number.POSITIVE_INFINITY });
  }
}
