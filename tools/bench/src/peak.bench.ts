/**
 * The deadline hour at a fixed rate (not saturation): most families book in the last hour before
 * the weekly deadline, so what matters is the latency at the rate that hour brings, not the most
 * a server can take. Modelled as 100 reservation requests/s plus 300 planning reads/s for 60 s,
 * from 10,000 distinct families (each reservation from a family that has not booked in the run),
 * sent open-loop (`http/fixed-rate.ts`: latency from when each request was due, so falling behind
 * shows). Against, in turn: plain node:http + SQLite doing the same append and a one-stream read
 * (the same-run reference), one API process on SQLite, and three API processes on one PostgreSQL
 * database with the requests spread over them. p50 / p99 / max and the errors (non-2xx, network,
 * timeouts) per request kind.
 *
 * Target (issue's table): one process, p99 < 50 ms and 0 errors. On 2 shared cores the load
 * generator, the servers and PostgreSQL share the CPU: read the machine's state beside the figures.
 *
 * Environment: BENCH_PEAK_SECONDS (60), BENCH_PEAK_WARMUP_SECONDS (5, same rates, not counted),
 * BENCH_PEAK_RESERVATIONS_PER_SECOND (100), BENCH_PEAK_READS_PER_SECOND (300),
 * BENCH_PEAK_FAMILIES (10,000), BENCH_PEAK_POSTGRES (1; 0 skips the three processes on
 * PostgreSQL; the server as in http-postgres.bench: PERISCOL_BENCH_POSTGRES_URL, else
 * PERISCOL_TEST_POSTGRES_URL, else the local test database).
 */
import { randomBytes } from 'node:crypto';
import * as os from 'node:os';
import * as path from 'node:path';
import { Client } from 'pg';
import { numberFromEnv, type BenchResult } from './bench-kit';
import { prepareApi } from './http/api-fixture';
import { ApiUnavailableError, ProcessScope, startApi, startBaselineServer } from './http/child-processes';
import { quantile, runFixedRate, type FixedRateRequest, type StreamFigures } from './http/fixed-rate';
import { apiRequests, baselineRequests, type RequestBuilders } from './http/requests';
import { baselinePlan, SlotPlan } from './http/slot-plan';

export const title = 'The deadline hour at a fixed rate: reservations and planning reads, open loop';

const REPO_ROOT = path.resolve(__dirname, '../../..');
const READ_WEEK = '2027-W10';
const POSTGRES_SERVER = process.env.PERISCOL_BENCH_POSTGRES_URL ?? process.env.PERISCOL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const PROCESSES = 3;

interface Settings {
  readonly seconds: number;
  readonly warmupSeconds: number;
  readonly reservationsPerSecond: number;
  readonly readsPerSecond: number;
  readonly families: number;
  readonly postgres: boolean;
  readonly runId: string;
}


const progress = (line: string) => process.stderr.write(`  · ${line}\n`);

interface Subject {
  readonly who: string;
  readonly urls: readonly string[];
  readonly builders: RequestBuilders;
  /** Distinct bookable slots: reservations past it would ask for taken ones. */
  readonly capacity: number;
}

/** The warm-up, then the counted run, each request index used once across both. */
async function measure(subject: Subject, settings: Settings): Promise<StreamFigures[]> {
  const streams = (offset: { reserve: number; read: number }) => [
    { name: 'reserve', ratePerSecond: settings.reservationsPerSecond, build: (i: number): FixedRateRequest => subject.builders.reserve(offset.reserve + i) as FixedRateRequest },
    { name: 'read', ratePerSecond: settings.readsPerSecond, build: (i: number): FixedRateRequest => subject.builders.read(offset.read + i) as FixedRateRequest },
  ];
  const warmup = { reserve: Math.floor(settings.reservationsPerSecond * settings.warmupSeconds), read: Math.floor(settings.readsPerSecond * settings.warmupSeconds) };
  if (warmup.reserve + Math.floor(settings.reservationsPerSecond * settings.seconds) > subject.capacity) {
    throw new Error(`${subject.who}: more reservations than free slots (${subject.capacity}): raise BENCH_PEAK_FAMILIES`);
  }
  progress(`${subject.who}: ${settings.warmupSeconds} s warm-up, then ${settings.seconds} s at ${settings.reservationsPerSecond} reservations/s + ${settings.readsPerSecond} reads/s (load ${os.loadavg()[0].toFixed(1)})`);
  if (settings.warmupSeconds > 0) await runFixedRate(subject.urls, streams({ reserve: 0, read: 0 }), settings.warmupSeconds);
  return runFixedRate(subject.urls, streams(warmup), settings.seconds);
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

function rows(who: string, figures: readonly StreamFigures[], reference?: readonly StreamFigures[], target?: string): BenchResult[] {
  return figures.map((f, k) => {
    const codes = Object.entries(f.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, count]) => `${code}×${count}`)
      .join(' ');
    const p99 = quantile(f.latenciesMs, 0.99);
    return {
      name: `${who}: ${f.name === 'reserve' ? 'POST /reservations' : 'GET planning'} p99`,
      value: p99,
      unit: 'ms',
      ...(reference ? { baseline: quantile(reference[k].latenciesMs, 0.99) } : {}),
      ...(target && f.name === 'reserve' ? { target } : {}),
      note: `p50 ${ms(quantile(f.latenciesMs, 0.5))}, max ${ms(Math.max(0, ...f.latenciesMs))}; ${f.sent.toLocaleString('en-US')} sent, ${f.errors} errors${codes ? ` (${codes})` : ''}; generator lag max ${ms(f.maxSendLagMs)}`,
    };
  });
}

async function onPostgres(sql: string): Promise<void> {
  const client = new Client({ connectionString: POSTGRES_SERVER, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** The API's bench families and free slots on `urls[0]` (the others share its store). */
async function apiSubject(who: string, urls: readonly string[], settings: Settings): Promise<Subject> {
  progress(`${who}: creating ${settings.families.toLocaleString('en-US')} families × 2 children and their parent tokens`);
  const fixture = await prepareApi(urls[0], { families: settings.families, runId: settings.runId, parallel: 16 });
  const plan = new SlotPlan(fixture.families, fixture.days);
  return { who, urls, builders: apiRequests(plan, settings.runId, READ_WEEK), capacity: plan.capacity };
}

export async function run(): Promise<BenchResult[]> {
  const settings: Settings = {
    seconds: numberFromEnv('BENCH_PEAK_SECONDS', 60, 1),
    warmupSeconds: numberFromEnv('BENCH_PEAK_WARMUP_SECONDS', 5, 0),
    reservationsPerSecond: numberFromEnv('BENCH_PEAK_RESERVATIONS_PER_SECOND', 100, 1),
    readsPerSecond: numberFromEnv('BENCH_PEAK_READS_PER_SECOND', 300, 1),
    families: Math.floor(numberFromEnv('BENCH_PEAK_FAMILIES', 10_000, 1)),
    postgres: numberFromEnv('BENCH_PEAK_POSTGRES', 1, 0) > 0,
    runId: randomBytes(4).toString('hex'),
  };
  const results: BenchResult[] = [];
  const scope = new ProcessScope();
  try {
    const baseline = await startBaselineServer(scope);
    const plan = baselinePlan(settings.families);
    const reference = await measure({ who: 'baseline (node:http + SQLite)', urls: [baseline.url], builders: baselineRequests(plan, settings.runId), capacity: plan.capacity }, settings);
    await scope.stop(baseline.child);
    results.push(...rows('baseline', reference));

    try {
      const api = await startApi(scope, REPO_ROOT);
      const one = await measure(await apiSubject('API, 1 process on SQLite', [api.url], settings), settings);
      await scope.stop(api.child);
      results.push(...rows('API 1 process (SQLite)', one, reference, 'p99 < 50 ms, 0 errors'));
    } catch (error) {
      if (!(error instanceof ApiUnavailableError)) throw error;
      console.warn(`WARNING: API skipped: ${error.message}`);
    }

    if (settings.postgres) {
      const database = `periscol_bench_peak_${settings.runId}`;
      try {
        await onPostgres(`CREATE DATABASE ${database}`);
      } catch (error) {
        console.warn(`WARNING: three processes on PostgreSQL skipped: no server at ${POSTGRES_SERVER} (${error instanceof Error ? error.message : String(error)})`);
        return results;
      }
      try {
        const url = new URL(POSTGRES_SERVER);
        url.pathname = `/${database}`;
        const servers = [];
        try {
          for (let i = 0; i < PROCESSES; i++) servers.push(await startApi(scope, REPO_ROOT, 60_000, { DATABASE_URL: url.toString(), PERISCOL_INSTANCE_ID: `peak-${i + 1}` }));
          const three = await measure(await apiSubject(`API, ${PROCESSES} processes on PostgreSQL`, servers.map((s) => s.url), settings), settings);
          results.push(...rows(`API ${PROCESSES} processes (PostgreSQL)`, three, reference));
        } finally {
          await Promise.all(servers.map((server) => scope.stop(server.child)));
        }
      } finally {
        await onPostgres(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
      }
    }
    return results;
  } finally {
    await scope.close();
  }
}
