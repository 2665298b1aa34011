import { once } from 'node:events';
import { createServer } from 'node:net';
import { simpleParser, type ParsedMail } from 'mailparser';
import { SMTPServer } from 'smtp-server';

/** What the server answers to the next message's DATA (or RCPT). */
export type Verdict = 'accept' | { readonly at: 'data' | 'rcpt'; readonly code: number; readonly message: string };

/**
 * A real SMTP server on 127.0.0.1 for tests (smtp-server). Counts the messages it accepted;
 * `verdicts` lists the answers to give, in order, before accepting everything.
 */
export class TestSmtpServer {
  readonly accepted: Buffer[] = [];
  readonly refused: number[] = [];
  verdicts: Verdict[] = [];
  /** Runs once the message is received in full, before the server answers (crash tests). */
  beforeAnswer: (() => void) | undefined;
  private stall: (() => void) | undefined;
  private readonly server: SMTPServer;

  private constructor(readonly port: number) {
    this.server = new SMTPServer({
      authOptional: true,
      disabledCommands: ['AUTH', 'STARTTLS'],
      logger: false,
      onRcptTo: (_address, _session, callback) => {
        const next = this.verdicts[0];
        if (next !== undefined && next !== 'accept' && next.at === 'rcpt') {
          this.verdicts.shift();
          this.refused.push(next.code);
          return callback(Object.assign(new Error(next.message), { responseCode: next.code }));
        }
        callback();
      },
      onData: (stream, _session, callback) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const stalled = this.stall;
          if (stalled) {
            // Never answered: the sender waits until it gives up or dies.
            this.stall = undefined;
            return stalled();
          }
          this.beforeAnswer?.();
          const next = this.verdicts.shift() ?? 'accept';
          if (next !== 'accept') {
            this.refused.push(next.code);
            return callback(Object.assign(new Error(next.message), { responseCode: next.code }));
          }
          this.accepted.push(Buffer.concat(chunks));
          callback();
        });
      },
    });
  }

  static async start(port = 0): Promise<TestSmtpServer> {
    const chosen = port === 0 ? await freePort() : port;
    const server = new TestSmtpServer(chosen);
    await new Promise<void>((resolve, reject) => {
      server.server.once('error', reject);
      server.server.listen(chosen, '127.0.0.1', () => resolve());
    });
    return server;
  }

  /** The next message is received in full and never answered; resolves once it has been received. */
  stallNext(): Promise<void> {
    return new Promise((resolve) => (this.stall = resolve));
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  parsed(): Promise<ParsedMail[]> {
    return Promise.all(this.accepted.map((raw) => simpleParser(raw)));
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}

/** A port nothing listens on (yet): the OS picks it, we release it. */
export async function freePort(): Promise<number> {
  const probe = createServer();
  probe.listen(0, '127.0.0.1');
  await once(probe, 'listening');
  const address = probe.address();
  const port = typeof address === 'object' && address !== null ? address.port : 0;
  probe.close();
  await once(probe, 'close');
  return port;
}
