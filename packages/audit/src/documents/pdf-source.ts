/**
 * A reference PDF to compare with: a `.pdf` file, or the PDF attached to an e-mail (`.eml`, as
 * the API's outbox writes them), read with mailparser (loaded only then).
 */
import { createHash } from 'node:crypto';
import * as fs from 'node:fs';

export class ReferencePdfError extends Error {
  readonly code = 'REFERENCE_PDF_UNREADABLE' as const;
}

export interface ReferencePdf {
  readonly bytes: Buffer;
  readonly sha256: string;
}

export async function pdfFromFile(file: string): Promise<ReferencePdf> {
  if (!fs.existsSync(file)) throw new ReferencePdfError(`${file} does not exist`);
  const raw = fs.readFileSync(file);
  let bytes: Buffer;
  if (raw.subarray(0, 5).toString('latin1') === '%PDF-') bytes = raw;
  else {
    const { simpleParser } = await import('mailparser');
    const mail = await simpleParser(raw);
    const pdfs = mail.attachments.filter((attachment) => attachment.contentType === 'application/pdf');
    if (pdfs.length !== 1) throw new ReferencePdfError(`${file} is neither a PDF nor an e-mail with exactly one PDF attached (${pdfs.length} found)`);
    bytes = pdfs[0].content;
  }
  return { bytes, sha256: createHash('sha256').update(bytes).digest('hex') };
}
