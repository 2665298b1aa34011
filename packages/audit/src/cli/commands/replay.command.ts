import * as fs from 'node:fs';
import * as path from 'node:path';
import { apiProjections, openFreshReadDatabase } from '../../read-models/api-read-models';
import { replayReadModels, type ReplayResult } from '../../replay/read-model-replay';
import { flag, positiveIntegerOption, stringOption, UsageError, type ParsedArgs } from '../args';
import type { AuditContext } from '../audit-context';
import { count, EXIT_OK, printJson, println, showsProgress, type CliIo } from '../cli-io';
import { ProgressBar } from '../progress-bar';

export const REPLAY_OPTIONS = {
  out: { value: true },
  batch: { value: true },
} as const;

/**
 * Rebuilds every read model of the API from the history into a fresh database: `--out <file>`
 * (a new file, never an existing one — an API's live read database is rebuilt by the API), or
 * in memory by default (a dry run that proves the history replays, with its speed).
 */
export async function replayCommand(args: ParsedArgs, context: AuditContext, io: CliIo): Promise<number> {
  const out = stringOption(args, 'out');
  const file = out === undefined ? ':memory:' : path.resolve(io.cwd, out);
  if (file !== ':memory:' && fs.existsSync(file)) throw new UsageError(`--out ${out}: the file exists; give a new file name`);
  const db = openFreshReadDatabase(file);
  const quiet = flag(args, 'quiet');
  const bar = !showsProgress(io, quiet) ? undefined : new ProgressBar(io.stderr, 'replay', { unit: 'events', rate: true });
  let result: ReplayResult;
  try {
    const head = await context.store.headPosition();
    bar?.update(0, head);
    result = await replayReadModels(context.store, apiProjections(), db, {
      batchSize: positiveIntegerOption(args, 'batch') ?? 5000,
      // Positions may have holes: show progress by position.
      onProgress: (progress) => bar?.update(progress.position, progress.head),
    });
    bar?.update(result.head, result.head);
    bar?.done();
  } finally {
    db.close();
  }
  if (flag(args, 'json')) {
    printJson(io.stdout, { store: context.storeLabel, out: out === undefined ? null : file, ...result });
    return EXIT_OK;
  }
  println(io.stdout, `periscol-audit replay — ${context.storeLabel}${out === undefined ? ' (in memory)' : ` → ${file}`}`);
  println(io.stdout, `${count(result.events)} events replayed into ${result.projections.length} projections in ${(result.elapsedMs / 1000).toFixed(2)} s (${count(result.eventsPerSecond)} events/s)`);
  for (const projection of result.projections) {
    const tables = projection.tables.map((table) => `${table.table} ${count(table.rows)} rows`).join(', ');
    println(io.stdout, `  ${projection.name} v${projection.version} at position ${projection.position}: ${tables}`);
  }
  return EXIT_OK;
}
