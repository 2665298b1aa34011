import { ChildProcess, spawn } from 'node:child_process';
import * as path from 'node:path';
import type { HostNetwork } from './host-network';

/**
 * One API process as one "host" of the multi-host tests (`api-host.child.cjs`: the API from the
 * TypeScript sources, demo mode, its clock shifted by `offsetMs`), and bounded waits on conditions.
 */
export const START_TIMEOUT_MS = 60_000;
export const STOP_GRACE_MS = 5_000;

// ---------------------------------------------------------------------------------------------
// Bounded waits on conditions

export function withTimeout<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => (timer = setTimeout(() => reject(new Error(`Timed out after ${ms} ms waiting for: ${what}`)), ms)));
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}

export const pause = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/** Probes `probe` every `everyMs` until it returns a value, failing after `timeoutMs`. */
export async function eventually<T>(probe: () => Promise<T | undefined>, what: string, timeoutMs: number, everyMs = 100): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  const maxProbes = Math.ceil(timeoutMs / everyMs) + 1;
  for (let probes = 0; probes < maxProbes; probes++) {
    const value = await probe();
    if (value !== undefined) return value;
    if (Date.now() > deadline) break;
    await pause(everyMs);
  }
  throw new Error(`Timed out after ${timeoutMs} ms waiting for: ${what}`);
}

// ---------------------------------------------------------------------------------------------
// Hosts

export class Host {
  child: ChildProcess | undefined;
  url: string | undefined;
  offsetMs: number;
  starts = 0;
  private readyNow!: Promise<void>;
  private markReady!: () => void;
  private isDown = false;

  constructor(
    readonly index: number,
    readonly name: string,
    readonly dataDir: string,
    offsetMs: number,
    /** Its own network namespace; else the process runs beside the test, on loopback. */
    readonly network?: HostNetwork,
  ) {
    this.offsetMs = offsetMs;
    this.down();
  }

  get up(): boolean {
    return this.url !== undefined;
  }

  /** Resolves once the host answers again (now if it is up). */
  ready(): Promise<void> {
    return this.readyNow;
  }

  /** From now on `ready()` waits for the next start (idempotent: waiters are never orphaned). */
  down(): void {
    if (this.isDown) return;
    this.isDown = true;
    this.url = undefined;
    this.readyNow = new Promise((resolve) => (this.markReady = resolve));
  }

  async start(env: Record<string, string>): Promise<void> {
    const argv = [process.execPath, path.join(__dirname, 'api-host.child.cjs')];
    const { file, args } = this.network ? this.network.command(argv) : { file: argv[0], args: argv.slice(1) };
    const child = spawn(file, args, {
      env: { ...process.env, ...(await this.reachable(env)), PORT: '0', PERISCOL_DATA_DIR: this.dataDir, PERISCOL_INSTANCE_ID: this.name, PERISCOL_TEST_CLOCK_OFFSET_MS: String(this.offsetMs) },
      stdio: ['ignore', 'pipe', 'pipe', 'ipc'],
    });
    this.child = child;
    this.starts += 1;
    const url = await new Promise<string>((resolve, reject) => {
      let out = '';
      let err = '';
      const timer = setTimeout(() => {
        child.kill('SIGKILL');
        reject(new Error(`${this.name} did not start within ${START_TIMEOUT_MS} ms: ${err}`));
      }, START_TIMEOUT_MS);
      child.stdout?.on('data', (chunk: Buffer) => {
        out += chunk.toString();
        const match = /listening on (http:\/\/localhost:\d+)/.exec(out);
        if (match) {
          clearTimeout(timer);
          resolve(match[1].replace('localhost', this.network?.address ?? '127.0.0.1'));
        }
      });
      child.stderr?.on('data', (chunk: Buffer) => (err = (err + chunk.toString()).slice(-4000)));
      child.once('exit', (code, signal) => {
        clearTimeout(timer);
        if (this.child === child) this.down();
        reject(new Error(`${this.name} exited with ${code ?? signal}: ${err}`));
      });
    });
    this.url = url;
    this.isDown = false;
    this.markReady();
  }

  /** SIGKILL: no clean stop, no lease release. Resolves once the process is gone. */
  async kill(): Promise<void> {
    const { child } = this;
    this.down();
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGKILL');
    await withTimeout(exited, STOP_GRACE_MS, `${this.name} to die`);
  }

  async stop(): Promise<void> {
    const { child } = this;
    this.down();
    if (!child || child.exitCode !== null || child.signalCode !== null) return;
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    const kill = setTimeout(() => child.kill('SIGKILL'), STOP_GRACE_MS);
    await exited;
    clearTimeout(kill);
  }

  private relayedEnv: Record<string, string> | undefined;

  /** `env` with the URLs of services on 127.0.0.1 made reachable from the host's namespace (relays made once). */
  private async reachable(env: Record<string, string>): Promise<Record<string, string>> {
    const network = this.network;
    if (!network) return env;
    if (!this.relayedEnv) {
      const relayed = { ...env };
      for (const name of ['PERISCOL_POSTGRES_URL', 'SMTP_URL'] as const) {
        const url = env[name];
        if (url !== undefined) relayed[name] = await network.relayed(url);
      }
      this.relayedEnv = relayed;
    }
    return this.relayedEnv;
  }

  /** Moves this host's clock forward by `ms` (the child's IPC channel); resolves once it has. */
  async advanceClock(ms: number): Promise<void> {
    this.offsetMs += ms;
    const child = this.child;
    if (!child || !this.up) return;
    const answered = new Promise<void>((resolve) => {
      const onMessage = (message: { clockOffsetMs?: number }) => {
        if (message.clockOffsetMs === this.offsetMs) {
          child.off('message', onMessage);
          resolve();
        }
      };
      child.on('message', onMessage);
    });
    child.send({ advanceClockMs: ms });
    await withTimeout(answered, 5_000, `${this.name} to move its clock`);
  }
}

