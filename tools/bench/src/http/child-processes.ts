/**
 * The servers the HTTP bench measures, each in its own child process (never the load
 * generator's event loop), and a scope that stops them and removes their temp dirs on every
 * exit path: normal end, a thrown error, `process.exit`, Ctrl-C or SIGTERM.
 */
import { ChildProcess, fork, spawn } from 'node:child_process';
import { once } from 'node:events';
import * as fs from 'node:fs';
import * as net from 'node:net';
import * as os from 'node:os';
import * as path from 'node:path';
import type { BaselineReady } from './baseline-server';

/** The product could not be measured; `message` says why (printed as "API not available: …"). */
export class ApiUnavailableError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ApiUnavailableError';
  }
}

const STOP_GRACE_MS = 5_000;

export class ProcessScope {
  private readonly children = new Set<ChildProcess>();
  private readonly dirs = new Set<string>();
  private readonly onExit = () => this.closeSync();
  private readonly onSignal = (signal: NodeJS.Signals) => {
    this.closeSync();
    process.exit(signal === 'SIGINT' ? 130 : 143);
  };

  constructor() {
    process.on('exit', this.onExit);
    process.once('SIGINT', this.onSignal);
    process.once('SIGTERM', this.onSignal);
  }

  tempDir(prefix: string): string {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), prefix));
    this.dirs.add(dir);
    return dir;
  }

  track<T extends ChildProcess>(child: T): T {
    this.children.add(child);
    child.once('exit', () => this.children.delete(child));
    return child;
  }

  /** SIGTERM, then SIGKILL after a grace period. */
  async stop(child: ChildProcess): Promise<void> {
    if (child.exitCode === null && child.signalCode === null) {
      const exited = once(child, 'exit');
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
      await exited;
      clearTimeout(timer);
    }
    this.children.delete(child);
  }

  async close(): Promise<void> {
    await Promise.all([...this.children].map((child) => this.stop(child)));
    this.closeSync();
    process.off('exit', this.onExit);
    process.off('SIGINT', this.onSignal);
    process.off('SIGTERM', this.onSignal);
  }

  private closeSync(): void {
    for (const child of this.children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    this.children.clear();
    for (const dir of this.dirs) fs.rmSync(dir, { recursive: true, force: true });
    this.dirs.clear();
  }
}

export interface RunningServer {
  readonly url: string;
  readonly child: ChildProcess;
  /** Where its stdout and stderr go, when not inherited. */
  readonly logFile?: string;
}

/** Starts `baseline-server.js` (beside this file) with its data in a fresh temp dir. */
export async function startBaselineServer(scope: ProcessScope, timeoutMs = 15_000): Promise<RunningServer> {
  const dataDir = scope.tempDir('periscol-bench-baseline-');
  const child = scope.track(
    fork(path.join(__dirname, 'baseline-server.js'), [], {
      env: { ...process.env, BASELINE_DATA_DIR: dataDir },
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
    }),
  );
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`baseline server not listening after ${timeoutMs} ms`)), timeoutMs);
    child.on('message', (message: BaselineReady) => {
      if (message?.type !== 'listening') return;
      clearTimeout(timer);
      resolve(message.port);
    });
    child.once('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`baseline server exited (${signal ?? code}) before listening`));
    });
  });
  return { url: `http://127.0.0.1:${port}`, child };
}

export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

// Variables that would move the product off its embedded defaults (EventStoreDB, Stripe, SMTP).
const NON_EMBEDDED = ['EVENTSTORE_CONNECTION_STRING', 'PERISCOL_POSTGRES_URL', 'DATABASE_URL', 'STRIPE_SECRET_KEY', 'STRIPE_WEBHOOK_SECRET', 'SMTP_URL', 'PERISCOL_MUNICIPALITY_FILE'];

/**
 * Starts the real main command (`node apps/api/dist/main.js`, demo mode, SQLite in a temp dir
 * unless `extraEnv` names another store, a free port), its output in `api.log` beside the data, and waits (bounded) until
 * `GET /api/health` answers 200. Any failure is an `ApiUnavailableError` with the log's tail.
 */
export async function startApi(scope: ProcessScope, repoRoot: string, timeoutMs = 60_000, extraEnv: Readonly<Record<string, string>> = {}): Promise<RunningServer> {
  const main = path.join(repoRoot, 'apps/api/dist/main.js');
  if (!fs.existsSync(main)) throw new ApiUnavailableError(`${path.relative(repoRoot, main)} not found (run npm run build)`);
  const root = scope.tempDir('periscol-bench-api-');
  const dataDir = path.join(root, 'data');
  fs.mkdirSync(dataDir);
  const logFile = path.join(root, 'api.log');
  const log = fs.openSync(logFile, 'a');
  const port = await freePort();
  const env: NodeJS.ProcessEnv = { ...process.env, PORT: String(port), PERISCOL_DATA_DIR: dataDir, PERISCOL_DEMO: '1', PERISCOL_RATE_LIMIT_PER_MINUTE: '0', PERISCOL_RATE_LIMIT_AUTH_PER_MINUTE: '0' };
  for (const name of NON_EMBEDDED) delete env[name];
  Object.assign(env, extraEnv);
  const child = scope.track(spawn(process.execPath, [main], { cwd: repoRoot, env, stdio: ['ignore', log, log] }));
  fs.closeSync(log);
  const url = `http://127.0.0.1:${port}`;

  let exited: string | null = null;
  child.once('exit', (code, signal) => (exited = `exited with ${signal ?? `code ${code}`}`));
  const deadline = Date.now() + timeoutMs;
  let last = 'no answer';
  while (Date.now() < deadline) {
    if (exited) throw new ApiUnavailableError(`the main command ${exited} during start-up: ${logTail(logFile)}`);
    try {
      const res = await fetch(`${url}/api/health`, { signal: AbortSignal.timeout(2_000) });
      if (res.status === 200) return { url, child, logFile };
      last = `GET /api/health answered ${res.status}`;
    } catch (error) {
      last = error instanceof Error ? error.message : String(error);
    }
    // Polling a child process that is starting: the only wait in the bench.
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  throw new ApiUnavailableError(`not healthy after ${timeoutMs / 1000} s (${last}): ${logTail(logFile)}`);
}

export function logTail(file: string, lines = 5): string {
  try {
    const text = fs.readFileSync(file, 'utf8').trim();
    return text ? text.split('\n').slice(-lines).join(' | ') : '(empty log)';
  } catch {
    return '(no log)';
  }
}
