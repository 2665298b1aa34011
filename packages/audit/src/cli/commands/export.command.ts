import * as path from 'node:path';
import { exportHistory, type ExportFormat } from '../../export/export-history';
import { flag, stringOption, UsageError, type ParsedArgs } from '../args';
import type { AuditContext } from '../audit-context';
import { count, EXIT_OK, EXIT_VIOLATIONS, printJson, println, showsProgress, type CliIo } from '../cli-io';
import { ProgressBar } from '../progress-bar';

export const EXPORT_OPTIONS = {
  out: { value: true },
  format: { value: true },
  family: { value: true },
} as const;

const FORMATS: Record<string, readonly ExportFormat[]> = { csv: ['csv'], jsonl: ['jsonl'], both: ['csv', 'jsonl'] };

export async function exportCommand(args: ParsedArgs, context: AuditContext, io: CliIo): Promise<number> {
  if (args.positionals.length > 0) throw new UsageError(`export takes no argument (got ${args.positionals.join(' ')})`);
  const formatText = stringOption(args, 'format') ?? 'both';
  const formats = FORMATS[formatText];
  if (!formats) throw new UsageError(`--format must be csv, jsonl or both, got ${formatText}`);
  const outDir = path.resolve(io.cwd, stringOption(args, 'out') ?? 'periscol-export');
  const familyId = stringOption(args, 'family');
  const quiet = !showsProgress(io, flag(args, 'quiet'));
  let bar: ProgressBar | undefined;
  let phase: string | undefined;
  const result = await exportHistory(context.store, {
    outDir,
    formats,
    ...(familyId === undefined ? {} : { familyId }),
    onProgress: (current, done, total) => {
      if (quiet) return;
      if (current !== phase) {
        bar?.done();
        phase = current;
        bar = new ProgressBar(io.stderr, current === 'events' ? 'events' : 'ledgers', { unit: current === 'events' ? 'positions' : 'families' });
      }
      bar?.update(done, total);
    },
  });
  bar?.done();
  if (flag(args, 'json')) printJson(io.stdout, { store: context.storeLabel, outDir, ...result });
  else {
    println(io.stdout, `periscol-audit export — ${context.storeLabel} → ${outDir}`);
    println(io.stdout, `${count(result.events)} events, ${count(result.families)} family ledgers`);
    for (const file of result.files) println(io.stdout, `  ${path.relative(io.cwd, file.file) || file.file}  ${count(file.rows)} rows`);
    for (const failure of result.ledgerFailures) println(io.stdout, `  no ledger for family ${failure.familyId}: ${failure.message} (run verify)`);
  }
  return result.ledgerFailures.length > 0 ? EXIT_VIOLATIONS : EXIT_OK;
}
