import * as fs from 'node:fs';
import * as path from 'node:path';
import { findDocument, parseDocumentQuery, DocumentQueryError } from '../../documents/find-document';
import { pdfFromFile } from '../../documents/pdf-source';
import { regenerateDocument } from '../../documents/regenerate-document';
import { flag, parseInstant, stringOption, UsageError, type ParsedArgs } from '../args';
import type { AuditContext } from '../audit-context';
import { EXIT_OK, EXIT_VIOLATIONS, printJson, println, type CliIo } from '../cli-io';

export const DOCUMENT_OPTIONS = {
  out: { value: true },
  'as-of': { value: true },
  compare: { value: true },
} as const;

export class DocumentNotFoundError extends Error {
  readonly code = 'DOCUMENT_NOT_FOUND' as const;
}

/**
 * Regenerates a ticket (R-…), a credit note (A-…), an order or a cancellation PDF, writes it
 * (`--out`, default its own name in the current folder; `-` for stdout) and, with `--compare`,
 * says whether it equals a given PDF or the PDF attached to a given `.eml` byte for byte.
 */
export async function documentCommand(args: ParsedArgs, context: AuditContext, io: CliIo): Promise<number> {
  if (args.positionals.length !== 1) throw new UsageError('document needs one number or id: periscol-audit document R-2026-000123');
  let query;
  try {
    query = parseDocumentQuery(args.positionals[0]);
  } catch (error) {
    if (error instanceof DocumentQueryError) throw new UsageError(error.message);
    throw error;
  }
  const asOfText = stringOption(args, 'as-of');
  const asOf = asOfText === undefined ? undefined : parseInstant(asOfText, '--as-of');
  const found = await findDocument(context.store, query);
  if (!found) throw new DocumentNotFoundError(`no document ${args.positionals[0]} in this store`);
  const doc = await regenerateDocument(context.store, context.catalog, found, { asOf });

  const out = stringOption(args, 'out');
  let written: string | null = null;
  if (out === '-') io.stdout.write(Buffer.from(doc.bytes));
  else {
    written = path.resolve(io.cwd, out ?? doc.fileName);
    fs.mkdirSync(path.dirname(written), { recursive: true });
    fs.writeFileSync(written, doc.bytes);
  }

  const compareWith = stringOption(args, 'compare');
  let comparison: { file: string; identical: boolean; sha256: string } | undefined;
  if (compareWith !== undefined) {
    const reference = await pdfFromFile(path.resolve(io.cwd, compareWith));
    comparison = { file: compareWith, identical: Buffer.compare(Buffer.from(doc.bytes), reference.bytes) === 0, sha256: reference.sha256 };
  }

  const report = out === '-' ? io.stderr : io.stdout;
  if (flag(args, 'json')) {
    const { bytes: _bytes, ...meta } = doc;
    printJson(report, { store: context.storeLabel, ...meta, bytes: doc.bytes.length, file: written, ...(comparison ? { comparison } : {}) });
  } else {
    println(report, `${doc.kind} ${doc.number ?? doc.sourceId} of family ${doc.familyId}, as of ${doc.asOf}: ${doc.bytes.length} bytes, sha256 ${doc.sha256}`);
    if (written) println(report, `written to ${written}`);
    if (comparison) println(report, comparison.identical ? `identical to ${comparison.file}` : `DIFFERS from ${comparison.file} (sha256 ${comparison.sha256})`);
  }
  return comparison && !comparison.identical ? EXIT_VIOLATIONS : EXIT_OK;
}
