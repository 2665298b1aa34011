/** Small shared helpers for benchmarks: medians, rates and a printed table. */

export interface BenchResult {
  /** What was measured, e.g. "SQLite append, 50 concurrent writers". */
  readonly name: string;
  /** The figure, e.g. 23500. */
  readonly value: number;
  /** Unit of the figure, e.g. "events/s", "ms". */
  readonly unit: string;
  /** Optional target, e.g. ">= 20000" or "<= 2x baseline". */
  readonly target?: string;
  /** Optional baseline figure measured in the same run, for the ratio column. */
  readonly baseline?: number;
  readonly note?: string;
}

export interface BenchModule {
  readonly title?: string;
  run(): Promise<readonly BenchResult[]>;
}

/** A number from the environment (`fallback` when unset or empty); an Error naming the variable when it is not a number >= `min`. */
export function numberFromEnv(name: string, fallback: number, min: number): number {
  const raw = process.env[name];
  if (raw === undefined || raw.trim() === '') return fallback;
  const value = Number(raw);
  if (!Number.isFinite(value) || value < min) throw new Error(`${name} must be a number >= ${min} (got ${JSON.stringify(raw)})`);
  return value;
}

export function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

/** Runs `fn` `repeats` times and returns the median of its durations in milliseconds. */
export async function medianMs(repeats: number, fn: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let i = 0; i < repeats; i++) {
    const start = process.hrtime.bigint();
    await fn();
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return median(times);
}

export function printResults(results: readonly BenchResult[]): void {
  const fmt = (n: number) => (n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2));
  for (const r of results) {
    const ratio = r.baseline ? `  (${(r.value / r.baseline).toFixed(2)}x baseline ${fmt(r.baseline)})` : '';
    const target = r.target ? `  target ${r.target}` : '';
    const note = r.note ? `  — ${r.note}` : '';
    console.log(`${r.name.padEnd(58)} ${fmt(r.value).padStart(12)} ${r.unit}${ratio}${target}${note}`);
  }
}
