import * as path from 'node:path';
import { describeViolation, type AuditReport } from '../../checks/audit-report';
import type { VerifyPhase } from '../../checks/verify-history';
import { verifyPeriscol } from '../../checks/verify-periscol';
import { operationsDatabaseFile, readDatabaseFiles } from '../../read-models/api-read-models';
import { flag, listOption, positiveIntegerOption, stringOption, type ParsedArgs } from '../args';
import type { AuditContext } from '../audit-context';
import { count, euros, EXIT_OK, EXIT_VIOLATIONS, printJson, println, showsProgress, type CliIo } from '../cli-io';
import { ProgressBar } from '../progress-bar';

export const VERIFY_OPTIONS = {
  'read-db': { value: true, repeat: true },
  'no-projections': {},
  'max-violations': { value: true },
  workers: { value: true },
} as const;

/** `--workers <n>` or `auto` (default): worker threads for the history pass of a SQLite store. */
function workersOption(args: ParsedArgs): number | 'auto' {
  const text = stringOption(args, 'workers');
  if (text === undefined || text === 'auto') return 'auto';
  return positiveIntegerOption(args, 'workers') ?? 'auto';
}

const PHASE_LABELS: Record<VerifyPhase, string> = {
  history: 'history    ',
  projections: 'projections',
};

export async function verifyCommand(args: ParsedArgs, context: AuditContext, io: CliIo): Promise<number> {
  const json = flag(args, 'json');
  const quiet = !showsProgress(io, flag(args, 'quiet'));
  const workers = workersOption(args);
  const readDbFiles = flag(args, 'no-projections')
    ? []
    : listOption(args, 'read-db').length > 0
      ? listOption(args, 'read-db').map((file) => path.resolve(io.cwd, file))
      : context.dataDir
        ? readDatabaseFiles(context.dataDir)
        : [];
  const maxViolations = positiveIntegerOption(args, 'max-violations') ?? 100;
  let bar: ProgressBar | undefined;
  let phase: VerifyPhase | undefined;
  const report: AuditReport = await verifyPeriscol(context.store, {
      catalog: context.catalog,
      readDatabaseFiles: readDbFiles,
      ...(context.dataDir ? { operationsDatabaseFile: operationsDatabaseFile(context.dataDir) } : {}),
      ...(context.locateUnreadable ? { locateUnreadable: context.locateUnreadable } : {}),
      maxViolations,
      ...(context.sqliteFile ? { parallel: { file: context.sqliteFile, workers } } : {}),
      onProgress: (current, done, total) => {
        if (quiet) return;
        if (current !== phase) {
          bar?.done();
          phase = current;
          bar = new ProgressBar(io.stderr, PHASE_LABELS[current], { unit: 'positions', rate: true });
        }
        bar?.update(done, total);
      },
    });
  bar?.done();
  if (json) printJson(io.stdout, { store: context.storeLabel, ...report });
  else printReport(io, context.storeLabel, report);
  return report.ok ? EXIT_OK : EXIT_VIOLATIONS;
}

function printReport(io: CliIo, storeLabel: string, report: AuditReport): void {
  const out = io.stdout;
  println(out, `periscol-audit verify — ${storeLabel}`);
  println(out, `${count(report.eventsChecked)} events, ${count(report.streamsChecked)} streams, ${count(report.familiesChecked)} families`);
  println(out);
  for (const check of report.checks) {
    const status = check.skipped ? 'SKIP' : check.ok ? 'OK  ' : 'FAIL';
    println(out, `${status}  ${check.name}: ${check.detail}`);
    for (const violation of check.violations) println(out, `        ${describeViolation(violation)}`);
    if (check.truncated) println(out, `        … and ${count(check.truncated)} more (--max-violations)`);
  }
  const t = report.totals;
  println(out);
  println(out, `R11 over all families: payments ${euros(t.paymentsCents)} + goodwill ${euros(t.goodwillCents)}`);
  println(out, `  = reserved ${euros(t.reservedValueCents)} + balances ${euros(t.balanceCents)} + held ${euros(t.heldCents)} + refunded ${euros(t.refundedCents)}`);
  const series = Object.entries(report.documentNumbers);
  if (series.length > 0) println(out, `Documents numbered: ${series.map(([key, n]) => `${key} ${count(n)}`).join(', ')}`);
  const failed = report.checks.filter((check) => !check.ok).length;
  println(out);
  println(out, failed === 0 ? 'Result: clean (exit 0)' : `Result: ${failed} check${failed > 1 ? 's' : ''} failed (exit 1)`);
}
