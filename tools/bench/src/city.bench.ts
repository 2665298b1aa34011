/**
 * The city-year (`city/`): a school year of 40,000 families (about 100,000 children) generated
 * through the real deciders into a SQLite file, once per generator version and parameters
 * (cached under the OS temp dir); then `periscol-audit verify` over it on worker threads, with
 * its peak memory (the issue's target: < 60 s and < 2 GB on a quiet machine), beside the same
 * run's raw read of every row + JSON.parse.
 *
 * Environment: PERISCOL_BENCH_CITY_FAMILIES (40,000), PERISCOL_BENCH_CITY_SEED (2026),
 * PERISCOL_BENCH_CITY_CLOSURES (3), PERISCOL_BENCH_CITY_VERIFY (1; 0: generation only),
 * PERISCOL_BENCH_CITY_SEQUENTIAL (0; 1: also verify with --workers 1).
 */
import Database from 'better-sqlite3';
import { spawnSync } from 'node:child_process';
import * as path from 'node:path';
import type { BenchResult } from './bench-kit';
import { CITY_FAMILIES, cityYearFile } from './city/city-year.cache';

export const title = 'City-year: generation, and verify over it (periscol-audit)';

const FAMILIES = Number(process.env.PERISCOL_BENCH_CITY_FAMILIES ?? CITY_FAMILIES);
const SEED = Number(process.env.PERISCOL_BENCH_CITY_SEED ?? 2026);
const CLOSURES = Number(process.env.PERISCOL_BENCH_CITY_CLOSURES ?? 3);
const VERIFY = process.env.PERISCOL_BENCH_CITY_VERIFY !== '0';
const SEQUENTIAL = process.env.PERISCOL_BENCH_CITY_SEQUENTIAL === '1';
const CLI = path.resolve(__dirname, '../../../packages/audit/dist/cli.js');

const progress = (line: string) => process.stderr.write(`  · ${line}\n`);
const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;
const n = (value: number) => Math.round(value).toLocaleString('en-US');

function rawRead(file: string): { seconds: number; rows: number } {
  const db = new Database(file, { readonly: true });
  const start = process.hrtime.bigint();
  let rows = 0;
  for (const row of db.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position').iterate() as IterableIterator<{ data: string; metadata: string }>) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    rows++;
  }
  const elapsed = seconds(start);
  db.close();
  return { seconds: elapsed, rows };
}

/**
 * `verify --json` in a child process, with the child's peak resident memory and CPU seconds (GNU
 * time's %M kB, %U + %S): on a loaded machine the CPU time tells what the wall time cannot.
 */
function verify(file: string, workers: string): { seconds: number; ok: boolean; code: number | null; maxRssMb: number | undefined; cpuSeconds: number | undefined; events: number } {
  const start = process.hrtime.bigint();
  const child = spawnSync('/usr/bin/time', ['-f', 'maxrss-kb %M cpu %U %S', process.execPath, CLI, 'verify', '--db', file, '--no-projections', '--workers', workers, '--json', '--quiet'], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  const elapsed = seconds(start);
  if (child.error) throw child.error;
  const report = JSON.parse(child.stdout) as { ok: boolean; eventsChecked: number };
  const usage = /maxrss-kb (\d+) cpu ([\d.]+) ([\d.]+)/.exec(child.stderr);
  return { seconds: elapsed, ok: report.ok, code: child.status, maxRssMb: usage ? Number(usage[1]) / 1024 : undefined, cpuSeconds: usage ? Number(usage[2]) + Number(usage[3]) : undefined, events: report.eventsChecked };
}

export async function run(): Promise<BenchResult[]> {
  progress(`city-year: ${n(FAMILIES)} families, seed ${SEED}, ${CLOSURES} closed days`);
  let lastReport = 0;
  const { file, summary, generated } = await cityYearFile({ families: FAMILIES, seed: SEED, closures: CLOSURES }, {
    onProgress: (events, at) => {
      if (events - lastReport < 250_000) return;
      lastReport = events;
      progress(`${n(events)} events, up to ${at.slice(0, 10)}`);
    },
  });
  const counts = `${n(summary.events)} events, ${n(summary.families)} families, ${n(summary.children)} children, ${n(summary.orders)} orders, ${n(summary.payments)} payments, ${n(summary.cancellations)} cancellations, ${summary.closedDays} closed days (${n(summary.familiesCreditedByClosures)} families credited), ${n(summary.refunds)} refunds; refused ${JSON.stringify(summary.refused)}`;
  const results: BenchResult[] = [
    {
      name: `city-year generation${generated ? '' : ' (cached: time of its generation)'}`,
      value: summary.generationSeconds,
      unit: 's',
      note: `${n(summary.events / summary.generationSeconds)} events/s; ${counts}`,
    },
    { name: 'city-year size on disk', value: summary.fileBytes / 1024 / 1024, unit: 'MiB', note: `${n(summary.fileBytes / summary.events)} bytes per event; ${file}` },
  ];
  if (!VERIFY) return results;

  progress('raw read of every row + JSON.parse');
  const raw = rawRead(file);
  results.push({ name: 'raw read of all rows + JSON.parse (baseline)', value: raw.seconds, unit: 's', note: `${n(raw.rows)} rows, ${n(raw.rows / raw.seconds)} rows/s` });
  const runs: [string, string][] = SEQUENTIAL ? [['1', 'sequential'], ['auto', 'worker threads (auto)']] : [['auto', 'worker threads (auto)']];
  for (const [workers, label] of runs) {
    progress(`periscol-audit verify --workers ${workers}`);
    const result = verify(file, workers);
    results.push({
      name: `verify of the city-year, ${label}`,
      value: result.seconds,
      unit: 's',
      baseline: raw.seconds,
      target: '< 60 s, peak RSS < 2 GB',
      note: `${n(result.events / result.seconds)} events/s; peak RSS ${result.maxRssMb === undefined ? '?' : `${n(result.maxRssMb)} MiB`}; CPU ${result.cpuSeconds === undefined ? '?' : `${result.cpuSeconds.toFixed(1)} s`}; ${result.ok ? 'clean' : 'VIOLATIONS'} (exit ${result.code})`,
    });
  }
  return results;
}
