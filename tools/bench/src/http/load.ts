/**
 * Load generation with autocannon 8, in this process (the servers run in child processes, on
 * the same 2 cores: that is how the baseline figures were measured). A scenario runs as
 * several short rounds so the bench can interleave the API's rounds with the baseline's: both
 * then see the same machine noise (other jobs, a disk whose fsync time drifts).
 */
import autocannon from 'autocannon';

export const CONNECTIONS = 50;

/** Numbers requests across all the rounds of a scenario (warm-up included), so none repeats. */
export class RequestSequence {
  private next = 0;

  constructor(
    private readonly build: (i: number) => autocannon.RequestData,
    first = 0,
  ) {
    this.next = first;
  }

  /** Index after the last request built: how much of a slot pool was used. */
  get used(): number {
    return this.next;
  }

  /** One request spec whose setupRequest runs before every request of every connection. */
  specs(): autocannon.RequestSpec[] {
    return [{ setupRequest: (defaults) => ({ ...defaults, ...this.build(this.next++) }) }];
  }
}

export interface Round {
  readonly seconds: number;
  /** Every answer's latency, whatever its status. */
  readonly latenciesMs: readonly number[];
  readonly statusCodes: Readonly<Record<string, number>>;
  readonly errors: number;
  readonly timeouts: number;
}

/** `seconds` of load from `connections` connections, each answer's status and latency kept. */
export async function runRound(url: string, sequence: RequestSequence, seconds: number, connections = CONNECTIONS): Promise<Round> {
  const latenciesMs: number[] = [];
  const statusCodes: Record<string, number> = {};
  const instance = autocannon({ url, connections, duration: seconds, requests: sequence.specs() });
  instance.on('response', (_client: unknown, status: number, _bytes: number, ms: number) => {
    latenciesMs.push(ms);
    statusCodes[status] = (statusCodes[status] ?? 0) + 1;
  });
  const result = await instance;
  return { seconds: result.duration, latenciesMs, statusCodes, errors: result.errors, timeouts: result.timeouts };
}

export interface LoadFigures {
  /** Answers per second over all rounds (Σ answers / Σ round durations). */
  readonly requestsPerSecond: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly completed: number;
  readonly non2xx: number;
  readonly errors: number;
  readonly timeouts: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** Rate of each round, in order. */
  readonly roundRates: readonly number[];
}

function percentile(sorted: Float64Array, p: number): number {
  if (sorted.length === 0) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];
}

export function summarize(rounds: readonly Round[]): LoadFigures {
  const latencies = Float64Array.from(rounds.flatMap((round) => round.latenciesMs)).sort();
  const statusCodes: Record<string, number> = {};
  for (const round of rounds) for (const [code, count] of Object.entries(round.statusCodes)) statusCodes[code] = (statusCodes[code] ?? 0) + count;
  const seconds = rounds.reduce((sum, round) => sum + round.seconds, 0);
  return {
    requestsPerSecond: latencies.length / seconds,
    p50Ms: percentile(latencies, 50),
    p99Ms: percentile(latencies, 99),
    completed: latencies.length,
    non2xx: Object.entries(statusCodes).reduce((sum, [code, count]) => (code.startsWith('2') ? sum : sum + count), 0),
    errors: rounds.reduce((sum, round) => sum + round.errors, 0),
    timeouts: rounds.reduce((sum, round) => sum + round.timeouts, 0),
    statusCodes,
    roundRates: rounds.map((round) => round.latenciesMs.length / round.seconds),
  };
}

/** Why a figure does not count (non-2xx answers, connection errors), or null when it does. */
export function disqualification(figures: LoadFigures): string | null {
  const problems: string[] = [];
  if (figures.non2xx > 0) {
    const codes = Object.entries(figures.statusCodes)
      .filter(([code]) => !code.startsWith('2'))
      .map(([code, count]) => `${count}×${code}`)
      .join(', ');
    problems.push(`${figures.non2xx} non-2xx (${codes})`);
  }
  if (figures.errors > 0) problems.push(`${figures.errors} connection errors (${figures.timeouts} timeouts)`);
  return problems.length ? problems.join('; ') : null;
}
