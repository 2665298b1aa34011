/**
 * HTTP: the real main command under autocannon (50 connections) — reservation requests and
 * planning reads — beside, in the same run, plain `node:http` + better-sqlite3 doing the same
 * append and a one-stream read. Each server runs in its own child process; the load generator
 * shares the same cores (as when the issue's baseline figures were taken). Each scenario is
 * split into rounds that alternate between the baseline and the API (ABBA order), so both see
 * the same machine noise; only one of them is under load at any time.
 *
 * Targets (docs/rules.md §8): reservations ≥ 40 % of the baseline's rate with p99 ≤ 50 ms;
 * planning reads ≥ 50 % of it with p99 ≤ 20 ms. A figure with any non-2xx answer or
 * connection error does not count (flagged in its note and warned about).
 *
 * Environment: BENCH_HTTP_SECONDS (default 10) per scenario and server, BENCH_HTTP_ROUNDS
 * (default 5), BENCH_HTTP_WARMUP_SECONDS (default 2, not counted), BENCH_HTTP_FAMILIES
 * (default 500, the API's bench families).
 */
import * as path from 'node:path';
import { numberFromEnv, type BenchResult } from './bench-kit';
import { prepareApi } from './http/api-fixture';
import { ApiUnavailableError, logTail, ProcessScope, RunningServer, startApi, startBaselineServer } from './http/child-processes';
import { CONNECTIONS, disqualification, LoadFigures, RequestSequence, Round, runRound, summarize } from './http/load';
import { apiRequests, baselineRequests } from './http/requests';
import { baselinePlan, SlotPlan } from './http/slot-plan';

export const title = `HTTP (autocannon, ${CONNECTIONS} connections): the API beside plain node:http + better-sqlite3`;

const REPO_ROOT = path.resolve(__dirname, '../../..');
/** A school week in March 2027: open, its deadlines far ahead of the real clock (late 2026). */
const READ_WEEK = '2027-W10';

interface Settings {
  readonly seconds: number;
  readonly rounds: number;
  readonly warmupSeconds: number;
  readonly families: number;
  readonly runId: string;
}

type Scenario = 'reserve' | 'read';

/** One server under test and what the bench sends it. */
interface Subject {
  readonly who: string;
  readonly server: RunningServer;
  readonly sequences: Record<Scenario, RequestSequence>;
  readonly rounds: Record<Scenario, Round[]>;
  /** Distinct free slots; past it, reservation requests ask for taken slots. */
  readonly capacity: number;
}


const progress = (line: string) => process.stderr.write(`  · ${line}\n`);

async function startBaseline(scope: ProcessScope, settings: Settings): Promise<Subject> {
  const server = await startBaselineServer(scope);
  const plan = baselinePlan(settings.families);
  const builders = baselineRequests(plan, settings.runId);
  return {
    who: 'baseline',
    server,
    sequences: { reserve: new RequestSequence(builders.reserve), read: new RequestSequence(builders.read) },
    rounds: { reserve: [], read: [] },
    capacity: plan.capacity,
  };
}

async function startApiSubject(scope: ProcessScope, settings: Settings): Promise<Subject> {
  progress('API: starting node apps/api/dist/main.js');
  const server = await startApi(scope, REPO_ROOT);
  try {
    progress(`API: creating ${settings.families} families × 2 children, their parent tokens, and finding free slots`);
    const fixture = await prepareApi(server.url, { families: settings.families, runId: settings.runId });
    const plan = new SlotPlan(fixture.families, fixture.days);
    const builders = apiRequests(plan, settings.runId, READ_WEEK);

    // One request by hand first, so a missing or broken route says so instead of thousands of errors.
    const first = builders.reserve(0);
    const res = await fetch(`${server.url}${first.path}`, { method: 'POST', headers: first.headers, body: first.body, signal: AbortSignal.timeout(30_000) });
    if (res.status !== 201) throw new ApiUnavailableError(`POST /api/families/:familyId/reservations answered ${res.status} ${(await res.text()).slice(0, 300)}`);

    return {
      who: 'API',
      server,
      sequences: { reserve: new RequestSequence(builders.reserve, 1), read: new RequestSequence(builders.read) },
      rounds: { reserve: [], read: [] },
      capacity: plan.capacity,
    };
  } catch (error) {
    await scope.stop(server.child);
    throw error;
  }
}

/** Warm-up of each subject, then rounds alternating between them (ABBA…). */
async function interleave(subjects: readonly Subject[], scenario: Scenario, settings: Settings): Promise<void> {
  const roundSeconds = settings.seconds / settings.rounds;
  progress(`${scenario === 'reserve' ? 'reservation requests' : 'reads'}: ${settings.warmupSeconds} s warm-up each, then ${settings.rounds} × ${roundSeconds} s rounds of ${subjects.map((s) => s.who).join(' / ')}`);
  for (const subject of subjects) {
    if (settings.warmupSeconds > 0) await runRound(subject.server.url, subject.sequences[scenario], settings.warmupSeconds);
  }
  for (let round = 0; round < settings.rounds; round++) {
    const order = round % 2 === 0 ? subjects : [...subjects].reverse();
    for (const subject of order) subject.rounds[scenario].push(await runRound(subject.server.url, subject.sequences[scenario], roundSeconds));
  }
}

const ms = (value: number) => `${value.toFixed(value < 10 ? 1 : 0)} ms`;

function describe(figures: LoadFigures): string {
  const problem = disqualification(figures);
  const rates = figures.roundRates.map((rate) => Math.round(rate));
  return [
    `p50 ${ms(figures.p50Ms)}, p99 ${ms(figures.p99Ms)}`,
    `${figures.completed.toLocaleString('en-US')} requests, rounds ${Math.min(...rates)}–${Math.max(...rates)} req/s`,
    ...(problem ? [`NOT COUNTED: ${problem}`] : []),
  ].join('; ');
}

function verdict(figures: LoadFigures, baseline: LoadFigures, minRatio: number, maxP99Ms: number): string {
  if (disqualification(figures) || disqualification(baseline)) return 'no verdict (non-2xx or errors)';
  const met = (ok: boolean) => (ok ? 'met' : 'MISSED');
  const ratio = figures.requestsPerSecond / baseline.requestsPerSecond;
  return `rate ${(ratio * 100).toFixed(0)} % of baseline: ${met(ratio >= minRatio)}, p99: ${met(figures.p99Ms <= maxP99Ms)}`;
}

function warnIfNotCounted(name: string, figures: LoadFigures): void {
  const problem = disqualification(figures);
  if (problem) console.warn(`WARNING: ${name} does not count: ${problem}`);
}

function results(settings: Settings, base: Subject, api: Subject | null): BenchResult[] {
  const baseReserve = summarize(base.rounds.reserve);
  const baseRead = summarize(base.rounds.read);
  const eventsPerStream = Math.round((2 * base.sequences.reserve.used) / settings.families);
  warnIfNotCounted('the baseline append', baseReserve);
  warnIfNotCounted('the baseline read', baseRead);
  const rows: BenchResult[] = [
    { name: 'baseline: POST append 2 events (node:http + SQLite)', value: baseReserve.requestsPerSecond, unit: 'req/s', note: describe(baseReserve) },
    { name: `baseline: GET one stream (~${eventsPerStream} events, JSON.parse)`, value: baseRead.requestsPerSecond, unit: 'req/s', note: describe(baseRead) },
  ];
  if (!api) return rows;

  const reserve = summarize(api.rounds.reserve);
  const read = summarize(api.rounds.read);
  warnIfNotCounted('the API reservation figure', reserve);
  warnIfNotCounted('the API planning figure', read);
  if (api.sequences.reserve.used > api.capacity) {
    console.warn(`WARNING: ${api.sequences.reserve.used} reservation requests for ${api.capacity} free slots: later ones asked for taken slots (raise BENCH_HTTP_FAMILIES)`);
  }
  rows.push(
    {
      name: 'API: POST /reservations, 1 slot each',
      value: reserve.requestsPerSecond,
      unit: 'req/s',
      baseline: baseReserve.requestsPerSecond,
      target: '>= 0.40x baseline, p99 <= 50 ms',
      note: `${describe(reserve)} — ${verdict(reserve, baseReserve, 0.4, 50)}`,
    },
    { name: '  reservations p99 latency', value: reserve.p99Ms, unit: 'ms', baseline: baseReserve.p99Ms, target: '<= 50 ms' },
    {
      name: `API: GET /planning?week=${READ_WEEK}`,
      value: read.requestsPerSecond,
      unit: 'req/s',
      baseline: baseRead.requestsPerSecond,
      target: '>= 0.50x baseline, p99 <= 20 ms',
      note: `${describe(read)} — ${verdict(read, baseRead, 0.5, 20)}`,
    },
    { name: '  planning p99 latency', value: read.p99Ms, unit: 'ms', baseline: baseRead.p99Ms, target: '<= 20 ms' },
  );
  return rows;
}

export async function run(): Promise<BenchResult[]> {
  const settings: Settings = {
    seconds: numberFromEnv('BENCH_HTTP_SECONDS', 10, 1),
    rounds: Math.floor(numberFromEnv('BENCH_HTTP_ROUNDS', 5, 1)),
    warmupSeconds: numberFromEnv('BENCH_HTTP_WARMUP_SECONDS', 2, 0),
    families: Math.floor(numberFromEnv('BENCH_HTTP_FAMILIES', 500, 1)),
    runId: Date.now().toString(36),
  };
  const scope = new ProcessScope();
  try {
    const baseline = await startBaseline(scope, settings);
    let api: Subject | null = null;
    let unavailable: string | null = null;
    try {
      api = await startApiSubject(scope, settings);
    } catch (error) {
      if (!(error instanceof ApiUnavailableError)) throw error;
      unavailable = error.message;
    }
    const subjects = api ? [baseline, api] : [baseline];
    await interleave(subjects, 'reserve', settings);
    await interleave(subjects, 'read', settings);
    const apiChild = api?.server.child;
    if (api?.server.logFile && apiChild && (apiChild.exitCode !== null || apiChild.signalCode !== null)) {
      console.warn(`WARNING: the API exited during the load (${apiChild.signalCode ?? `code ${apiChild.exitCode}`}): ${logTail(api.server.logFile)}`);
    }
    if (unavailable) console.log(`API not available: ${unavailable}`);
    return results(settings, baseline, api);
  } finally {
    await scope.close();
  }
}
