import { PDFParse } from 'pdf-parse';

export interface ReadPdf {
  /** Whole text, whitespace (incl. no-break spaces) collapsed to single spaces. */
  readonly text: string;
  /** Text of each page, same normalisation. */
  readonly pages: readonly string[];
  readonly pageCount: number;
  readonly info: Record<string, unknown>;
}

const normalise = (text: string) => text.replace(/[\s\u00a0\u202f]+/g, ' ').trim();

/** Reads a PDF back as a person's viewer would extract it (pdf-parse 2 over pdf.js). */
export async function readPdf(bytes: Uint8Array): Promise<ReadPdf> {
  // pdf.js may take ownership of the buffer it is given: hand it a copy.
  const parser = new PDFParse({ data: new Uint8Array(bytes) });
  try {
    const text = await parser.getText();
    const info = await parser.getInfo();
    return {
      text: normalise(text.pages.map((page) => page.text).join(' ')),
      pages: text.pages.map((page) => normalise(page.text)),
      pageCount: text.total,
      info: (info.info ?? {}) as Record<string, unknown>,
    };
  } finally {
    await parser.destroy();
  }
}
