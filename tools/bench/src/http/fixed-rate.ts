/**
 * Open-loop load at fixed rates: request `i` of a stream is due at `start + i / rate`, sent then
 * whether or not earlier ones have been answered, and its latency is counted from when it was
 * due — so a server that falls behind shows it in the latency (no coordinated omission), unlike a
 * closed loop of N connections that waits for each answer. Bounded in count (rate × seconds per
 * stream) and in time (each request aborted after `timeoutMs`, counted as an error).
 */
import * as http from 'node:http';

/** What one request is: the same shape autocannon takes. */
export interface FixedRateRequest {
  readonly method: string;
  readonly path: string;
  readonly headers?: Readonly<Record<string, string>>;
  readonly body?: string;
}

export interface FixedRateStream {
  readonly name: string;
  readonly ratePerSecond: number;
  readonly build: (i: number) => FixedRateRequest;
}

export interface StreamFigures {
  readonly name: string;
  readonly sent: number;
  /** 2xx answers. */
  readonly ok: number;
  /** Non-2xx answers, network errors and timeouts. */
  readonly errors: number;
  readonly statusCodes: Readonly<Record<string, number>>;
  /** From the moment each request was due to its answer's end, every request (errors included). */
  readonly latenciesMs: readonly number[];
  /** How late the generator sent requests behind their due time (its own lag on the shared cores). */
  readonly maxSendLagMs: number;
}

/** When each request of the streams is due, in order: `[offsetMs, stream, i]` — every stream runs `seconds`. */
export function schedule(streams: readonly Pick<FixedRateStream, 'ratePerSecond'>[], seconds: number): [number, number, number][] {
  const due: [number, number, number][] = [];
  streams.forEach((stream, s) => {
    if (!(stream.ratePerSecond > 0)) throw new RangeError(`a stream's rate must be positive, got ${stream.ratePerSecond}`);
    const count = Math.floor(stream.ratePerSecond * seconds);
    for (let i = 0; i < count; i++) due.push([(i * 1000) / stream.ratePerSecond, s, i]);
  });
  return due.sort((a, b) => a[0] - b[0] || a[1] - b[1]);
}

/** The `q` quantile (0..1) of `values`, nearest rank; 0 for none. */
export function quantile(values: readonly number[], q: number): number {
  if (values.length === 0) return 0;
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil(q * sorted.length) - 1))];
}

/**
 * Runs every stream at its rate for `seconds`, then waits for the last answers. Requests go to
 * `baseUrls` in turn, as one load balancer would spread them over several processes.
 */
export async function runFixedRate(baseUrls: readonly string[], streams: readonly FixedRateStream[], seconds: number, timeoutMs = 10_000): Promise<StreamFigures[]> {
  if (baseUrls.length === 0) throw new RangeError('runFixedRate needs at least one server');
  const urls = baseUrls.map((base) => new URL(base));
  // Enough sockets that the generator never queues a due request behind a slow answer.
  const agent = new http.Agent({ keepAlive: true, maxSockets: 1024 });
  let turn = 0;
  const figures = streams.map((stream) => ({ name: stream.name, sent: 0, ok: 0, errors: 0, statusCodes: {} as Record<string, number>, latenciesMs: [] as number[], maxSendLagMs: 0 }));
  const inFlight = new Set<Promise<void>>();
  const start = performance.now();

  const send = (request: FixedRateRequest, dueAt: number, out: (typeof figures)[number]): Promise<void> =>
    new Promise<void>((resolve) => {
      const url = urls[turn++ % urls.length];
      let settled = false;
      const finish = (status: number | 'error') => {
        if (settled) return;
        settled = true;
        out.latenciesMs.push(performance.now() - dueAt);
        const key = String(status);
        out.statusCodes[key] = (out.statusCodes[key] ?? 0) + 1;
        if (typeof status === 'number' && status >= 200 && status < 300) out.ok++;
        else out.errors++;
        resolve();
      };
      const req = http.request(
        { agent, host: url.hostname, port: url.port, method: request.method, path: request.path, headers: { ...request.headers, ...(request.body ? { 'content-length': Buffer.byteLength(request.body) } : {}) } },
        (res) => {
          res.resume();
          res.once('end', () => finish(res.statusCode ?? 0));
          res.once('error', () => finish('error'));
        },
      );
      req.setTimeout(timeoutMs, () => req.destroy(new Error('timeout')));
      req.once('error', () => finish('error'));
      req.end(request.body);
    });

  for (const [offsetMs, s, i] of schedule(streams, seconds)) {
    const dueAt = start + offsetMs;
    const wait = dueAt - performance.now();
    // The generator's pacing: sleep until the next request is due (a timer, not a test's sync).
    if (wait > 1) await new Promise((resolve) => setTimeout(resolve, wait));
    const out = figures[s];
    out.maxSendLagMs = Math.max(out.maxSendLagMs, performance.now() - dueAt);
    out.sent++;
    const pending = send(streams[s].build(i), dueAt, out);
    inFlight.add(pending);
    void pending.then(() => inFlight.delete(pending));
  }
  await Promise.all(inFlight);
  agent.destroy();
  return figures;
}
