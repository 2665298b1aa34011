import { formatEuros } from '@periscol/reservation-domain';
import type { ContextEnvironment } from './audit-context';
import type { ProgressOutput } from './progress-bar';

/** Where a command writes, and what it reads from its environment (tests pass their own). */
export interface CliIo extends ContextEnvironment {
  readonly stdout: ProgressOutput;
  readonly stderr: ProgressOutput;
  /** Draw progress bars on stderr (default true; the command line draws them on a terminal only). */
  readonly progress?: boolean;
}

/** Whether a command draws its progress bar: not with --quiet, not when stderr is no terminal. */
export function showsProgress(io: CliIo, quiet: boolean): boolean {
  return !quiet && io.progress !== false;
}

/** Exit codes (README): 0 clean, 1 violations found or the thing asked for cannot be produced, 2 usage error. */
export const EXIT_OK = 0;
export const EXIT_VIOLATIONS = 1;
export const EXIT_USAGE = 2;

export function println(out: ProgressOutput, text = ''): void {
  out.write(`${text}\n`);
}

export function printJson(out: ProgressOutput, value: unknown): void {
  out.write(`${JSON.stringify(value, null, 2)}\n`);
}

export const euros = formatEuros;

const integer = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });
export function count(n: number): string {
  return integer.format(n);
}
