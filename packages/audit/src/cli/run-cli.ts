/**
 * `periscol-audit <command> [options]`: parses the arguments, opens the store, runs the command
 * and returns the exit code (0 clean, 1 violations or not found, 2 usage). Everything it prints
 * goes through `io`, so tests run it in-process.
 */
import { parseArgs, UsageError, type OptionSpecs } from './args';
import { openAuditContext, type AuditContext } from './audit-context';
import { EXIT_USAGE, EXIT_VIOLATIONS, println, type CliIo } from './cli-io';
import { AS_OF_OPTIONS, asOfCommand } from './commands/as-of.command';
import { DOCUMENT_OPTIONS, documentCommand } from './commands/document.command';
import { EXPORT_OPTIONS, exportCommand } from './commands/export.command';
import { REPLAY_OPTIONS, replayCommand } from './commands/replay.command';
import { VERIFY_OPTIONS, verifyCommand } from './commands/verify.command';

const GLOBAL_OPTIONS: OptionSpecs = {
  db: { value: true },
  eventstore: { value: true },
  postgres: { value: true },
  municipality: { value: true },
  json: {},
  quiet: { alias: 'q' },
  help: { alias: 'h' },
};

type Command = (args: ReturnType<typeof parseArgs>, context: AuditContext, io: CliIo) => Promise<number>;

const COMMANDS: Record<string, { readonly options: OptionSpecs; readonly run: Command }> = {
  verify: { options: VERIFY_OPTIONS, run: verifyCommand },
  replay: { options: REPLAY_OPTIONS, run: replayCommand },
  'as-of': { options: AS_OF_OPTIONS, run: asOfCommand },
  document: { options: DOCUMENT_OPTIONS, run: documentCommand },
  export: { options: EXPORT_OPTIONS, run: exportCommand },
};

export const USAGE = `periscol-audit — the auditors' tools for a Periscol event store

Usage:
  periscol-audit verify                                  hash chains, ledger (R11), slots, numbering, projections
  periscol-audit replay [--out <new-file>]               rebuild every read model, with events/s
  periscol-audit as-of <instant> --family <id>           planning, balance and documents as they were then
                 [--week 2026-W38]... [--out <dir>]
  periscol-audit document <R-…|A-…|order id|cancellation id> [--out <file>|-] [--as-of <instant>] [--compare <pdf|eml>]
  periscol-audit export [--out <dir>] [--format csv|jsonl|both] [--family <id>]

Store (one of):
  --db <file>             SQLite store file (default \${PERISCOL_DATA_DIR:-./var}/events.sqlite)
  --eventstore <conn>     EventStoreDB, e.g. esdb://localhost:2113?tls=false (or EVENTSTORE_CONNECTION_STRING)
  --postgres <url>        PostgreSQL, e.g. postgres://auditor@db:5432/periscol (or PERISCOL_POSTGRES_URL)
Other options:
  --municipality <file>   catalog file (or PERISCOL_MUNICIPALITY_FILE; default: the demo municipality)
  --json                  machine-readable output on stdout
  --quiet, -q             no progress bar on stderr (drawn only when stderr is a terminal)
  verify: --read-db <file>... (default: read-*.sqlite beside the store), --no-projections, --max-violations <n>,
          --workers <n|auto> (SQLite: threads for chains and ledgers; default auto = one per core on 50,000+ events)
  replay: --batch <events per transaction> (default 5000)

Exit codes: 0 clean, 1 violations found (or the document asked for is missing / differs), 2 usage error.
`;

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${code}: ${error.message}` : error.message;
  }
  return String(error);
}

export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [name, ...rest] = argv;
  if (name === undefined || name === 'help' || name === '--help' || name === '-h') {
    io.stdout.write(USAGE);
    return name === undefined ? EXIT_USAGE : 0;
  }
  const command = COMMANDS[name];
  if (!command) {
    println(io.stderr, `periscol-audit: unknown command "${name}"\n`);
    io.stderr.write(USAGE);
    return EXIT_USAGE;
  }
  let context: AuditContext | undefined;
  try {
    const args = parseArgs(rest, { ...GLOBAL_OPTIONS, ...command.options });
    if (args.options.help === true) {
      io.stdout.write(USAGE);
      return 0;
    }
    context = await openAuditContext(args, io);
    return await command.run(args, context, io);
  } catch (error) {
    if (error instanceof UsageError) {
      println(io.stderr, `periscol-audit ${name}: ${error.message}`);
      println(io.stderr, `Run "periscol-audit --help" for the usage.`);
      return EXIT_USAGE;
    }
    println(io.stderr, `periscol-audit ${name}: ${describe(error)}`);
    return EXIT_VIOLATIONS;
  } finally {
    await context?.close().catch(() => undefined);
  }
}
