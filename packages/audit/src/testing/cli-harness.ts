/** Runs `periscol-audit` in-process with captured output. */
import type { EventStore } from '@periscol/event-store';
import { runCli } from '../cli/run-cli';

export interface CliRun {
  readonly code: number;
  readonly stdout: string;
  readonly stderr: string;
  readonly stdoutBytes: Buffer;
  json<T = Record<string, unknown>>(): T;
}

export interface CliRunOptions {
  readonly cwd: string;
  readonly env?: Readonly<Record<string, string | undefined>>;
  readonly connectEventStore?: (connectionString: string) => Promise<EventStore>;
  /** As the command line passes it: false when stderr is no terminal. */
  readonly progress?: boolean;
}

class Sink {
  readonly chunks: Buffer[] = [];
  write(chunk: string | Uint8Array): boolean {
    this.chunks.push(typeof chunk === 'string' ? Buffer.from(chunk, 'utf8') : Buffer.from(chunk));
    return true;
  }
  bytes(): Buffer {
    return Buffer.concat(this.chunks);
  }
}

export async function cli(argv: readonly string[], options: CliRunOptions): Promise<CliRun> {
  const stdout = new Sink();
  const stderr = new Sink();
  const code = await runCli(argv, { stdout, stderr, cwd: options.cwd, env: options.env ?? {}, ...(options.connectEventStore ? { connectEventStore: options.connectEventStore } : {}), ...(options.progress === undefined ? {} : { progress: options.progress }) });
  const text = stdout.bytes().toString('utf8');
  return {
    code,
    stdout: text,
    stderr: stderr.bytes().toString('utf8'),
    stdoutBytes: stdout.bytes(),
    json: <T>() => JSON.parse(text) as T,
  };
}
