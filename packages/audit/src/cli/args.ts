/**
 * A small argv parser (commander is not installed): `<command> [positionals] [--option value]
 * [--flag]`, `--option=value` accepted, repeatable options collected, anything unknown refused
 * with a `UsageError` (exit code 2).
 */

export class UsageError extends Error {
  readonly code = 'USAGE' as const;
  constructor(message: string) {
    super(message);
    this.name = 'UsageError';
  }
}

export interface OptionSpec {
  /** Takes a value (`--db file`), else a flag (`--json`). */
  readonly value?: boolean;
  /** May be given several times (values collected in order). */
  readonly repeat?: boolean;
  readonly alias?: string;
}

export type OptionSpecs = Readonly<Record<string, OptionSpec>>;

export interface ParsedArgs {
  readonly positionals: readonly string[];
  readonly options: Readonly<Record<string, string | boolean | readonly string[] | undefined>>;
}

export function parseArgs(argv: readonly string[], specs: OptionSpecs): ParsedArgs {
  const positionals: string[] = [];
  const options: Record<string, string | boolean | string[] | undefined> = {};
  const aliases = new Map(Object.entries(specs).flatMap(([name, spec]) => (spec.alias ? [[spec.alias, name] as const] : [])));
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1));
      break;
    }
    if (!arg.startsWith('-') || arg === '-') {
      positionals.push(arg);
      continue;
    }
    const eq = arg.indexOf('=');
    const rawName = arg.startsWith('--') ? arg.slice(2, eq === -1 ? undefined : eq) : arg.slice(1);
    const name = aliases.get(rawName) ?? rawName;
    const spec = specs[name];
    if (!spec) throw new UsageError(`unknown option ${arg.slice(0, eq === -1 ? undefined : eq)}`);
    let value: string | boolean = true;
    if (spec.value) {
      if (eq !== -1 && arg.startsWith('--')) value = arg.slice(eq + 1);
      else if (i + 1 < argv.length && !argv[i + 1].startsWith('--')) value = argv[++i];
      else throw new UsageError(`option --${name} needs a value`);
      if (value === '') throw new UsageError(`option --${name} needs a value`);
    } else if (eq !== -1) {
      throw new UsageError(`option --${name} takes no value`);
    }
    if (spec.repeat) {
      const list = (options[name] as string[] | undefined) ?? [];
      list.push(String(value));
      options[name] = list;
    } else {
      if (options[name] !== undefined) throw new UsageError(`option --${name} given twice`);
      options[name] = value;
    }
  }
  return { positionals, options };
}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const value = args.options[name];
  return typeof value === 'string' ? value : undefined;
}

export function listOption(args: ParsedArgs, name: string): readonly string[] {
  const value = args.options[name];
  return Array.isArray(value) ? value : [];
}

export function flag(args: ParsedArgs, name: string): boolean {
  return args.options[name] === true;
}

export function positiveIntegerOption(args: ParsedArgs, name: string): number | undefined {
  const text = stringOption(args, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text) || Number(text) < 1) throw new UsageError(`--${name} must be a positive whole number, got ${text}`);
  return Number(text);
}

/** An ISO 8601 instant with a time zone (`2026-09-10T12:00:00Z`, `…+02:00`) or a date (midnight UTC). */
export function parseInstant(text: string, what: string): string {
  const full = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/i;
  const dateOnly = /^\d{4}-\d{2}-\d{2}$/;
  if (!full.test(text) && !dateOnly.test(text)) throw new UsageError(`${what} must be an ISO 8601 instant with its offset (2026-09-10T12:00:00Z, 2026-09-10T14:00:00+02:00) or a date, got "${text}"`);
  const ms = Date.parse(dateOnly.test(text) ? `${text}T00:00:00Z` : text);
  if (Number.isNaN(ms)) throw new UsageError(`${what}: "${text}" is not a valid instant`);
  return new Date(ms).toISOString();
}
