/**
 * HTTP over PostgreSQL: the real main command on one PostgreSQL database, reservation requests
 * (one free slot and one Idempotency-Key each) under autocannon, once against one API process and
 * once spread over three (their own data folders, the same database), rounds interleaved so both
 * see the same machine. The figure is the scaling ratio: 3 processes ÷ 1. On these 2 cores the
 * processes, PostgreSQL and the load generator share the CPU, so the ratio says what a second
 * and third process cost or bring here, not what three hosts would give.
 *
 * Server: PERISCOL_BENCH_POSTGRES_URL, else PERISCOL_TEST_POSTGRES_URL, else
 * postgres://postgres@127.0.0.1:5432/test; a database of its own is created and dropped;
 * skipped with a message when no server answers. BENCH_HTTP_SECONDS (10 per scenario),
 * BENCH_HTTP_ROUNDS (5), BENCH_HTTP_WARMUP_SECONDS (2), BENCH_HTTP_FAMILIES (300).
 */
import { randomBytes } from 'node:crypto';
import * as path from 'node:path';
import { Client } from 'pg';
import type { BenchResult } from './bench-kit';
import { prepareApi } from './http/api-fixture';
import { ApiUnavailableError, ProcessScope, startApi } from './http/child-processes';
import { CONNECTIONS, disqualification, RequestSequence, type Round, runRound, summarize } from './http/load';
import { apiRequests } from './http/requests';
import { SlotPlan } from './http/slot-plan';

export const title = `HTTP over PostgreSQL (autocannon, ${CONNECTIONS} connections): reservations with 1 and 3 API processes`;

const REPO_ROOT = path.resolve(__dirname, '../../..');
const SERVER = process.env.PERISCOL_BENCH_POSTGRES_URL ?? process.env.PERISCOL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const READ_WEEK = '2027-W10';
const PROCESSES = 3;

const setting = (name: string, fallback: number) => {
  const value = Number(process.env[name] ?? fallback);
  if (!Number.isFinite(value) || value <= 0) throw new Error(`${name} must be a positive number`);
  return value;
};
const progress = (line: string) => process.stderr.write(`  · ${line}\n`);

async function onServer(sql: string): Promise<void> {
  const client = new Client({ connectionString: SERVER, connectionTimeoutMillis: 3000 });
  await client.connect();
  try {
    await client.query(sql);
  } finally {
    await client.end();
  }
}

/** One round spread over several processes at once, as one load balancer would: answers summed. */
async function spreadRound(urls: readonly string[], sequence: RequestSequence, seconds: number): Promise<Round> {
  const connections = Math.ceil(CONNECTIONS / urls.length);
  const rounds = await Promise.all(urls.map((url) => runRound(url, sequence, seconds, connections)));
  const statusCodes: Record<string, number> = {};
  for (const round of rounds) for (const [code, count] of Object.entries(round.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  return {
    seconds: Math.max(...rounds.map((round) => round.seconds)),
    latenciesMs: rounds.flatMap((round) => round.latenciesMs),
    statusCodes,
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    timeouts: rounds.reduce((sum, round) => sum + round.timeouts, 0),
  };
}

export async function run(): Promise<BenchResult[]> {
  const seconds = setting('BENCH_HTTP_SECONDS', 10);
  const roundCount = Math.floor(setting('BENCH_HTTP_ROUNDS', 5));
  const warmup = Number(process.env.BENCH_HTTP_WARMUP_SECONDS ?? 2);
  const families = Math.floor(setting('BENCH_HTTP_FAMILIES', 300));
  try {
    await onServer('SELECT 1');
  } catch (error) {
    console.log(`skipped: no PostgreSQL at ${SERVER} (${error instanceof Error ? error.message : String(error)}); set PERISCOL_BENCH_POSTGRES_URL`);
    return [];
  }
  const database = `periscol_bench_http_${randomBytes(4).toString('hex')}`;
  await onServer(`CREATE DATABASE ${database}`);
  const url = new URL(SERVER);
  url.pathname = `/${database}`;
  const scope = new ProcessScope();
  try {
    progress(`API × ${PROCESSES}: starting node apps/api/dist/main.js on database ${database}`);
    const servers = [];
    for (let i = 0; i < PROCESSES; i++) servers.push(await startApi(scope, REPO_ROOT, 60_000, { DATABASE_URL: url.toString(), PERISCOL_INSTANCE_ID: `bench-${i + 1}` }));
    const urls = servers.map((server) => server.url);
    const runId = Date.now().toString(36);
    progress(`creating ${families} families × 2 children and finding free slots`);
    const fixture = await prepareApi(urls[0], { families, runId });
    const plan = new SlotPlan(fixture.families, fixture.days);
    // One numbering for every process: no slot is asked for twice, whichever process gets it.
    const sequence = new RequestSequence(apiRequests(plan, runId, READ_WEEK).reserve);

    if (warmup > 0) {
      await runRound(urls[0], sequence, warmup);
      await spreadRound(urls, sequence, warmup);
    }
    const one: Round[] = [];
    const three: Round[] = [];
    const roundSeconds = seconds / roundCount;
    progress(`reservation requests: ${roundCount} × ${roundSeconds} s rounds of 1 process / ${PROCESSES} processes`);
    for (let r = 0; r < roundCount; r++) {
      if (r % 2 === 0) {
        one.push(await runRound(urls[0], sequence, roundSeconds));
        three.push(await spreadRound(urls, sequence, roundSeconds));
      } else {
        three.push(await spreadRound(urls, sequence, roundSeconds));
        one.push(await runRound(urls[0], sequence, roundSeconds));
      }
    }
    if (sequence.used > plan.capacity) console.warn(`WARNING: ${sequence.used} requests for ${plan.capacity} distinct slots: later ones asked for taken slots`);
    const single = summarize(one);
    const spread = summarize(three);
    const note = (figures: typeof single) => `p50 ${figures.p50Ms.toFixed(0)} ms, p99 ${figures.p99Ms.toFixed(0)} ms${disqualification(figures) ? `; DOES NOT COUNT: ${disqualification(figures)}` : ''}`;
    return [
      { name: 'reservations, 1 API process on PostgreSQL (baseline)', value: single.requestsPerSecond, unit: 'req/s', note: note(single) },
      { name: `reservations, ${PROCESSES} API processes on one PostgreSQL database`, value: spread.requestsPerSecond, unit: 'req/s', baseline: single.requestsPerSecond, note: note(spread) },
    ];
  } catch (error) {
    if (error instanceof ApiUnavailableError) {
      console.log(`API not available: ${error.message}`);
      return [];
    }
    throw error;
  } finally {
    await scope.close();
    await onServer(`DROP DATABASE IF EXISTS ${database} WITH (FORCE)`);
  }
}
