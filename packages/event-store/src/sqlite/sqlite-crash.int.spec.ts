/**
 * Crash test: a child process appends in a loop (several concurrent writers, so group commits)
 * and is killed with SIGKILL once it has acknowledged enough appends. Reopened, the file must
 * hold every acknowledged event, pass SQLite's integrity check, and its hash chains must verify.
 */
import Database from 'better-sqlite3';
import { spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { verifyStore } from '../hash-chain';
import { SqliteEventStore } from './sqlite-event-store.adapter';

const FIXTURE = path.join(__dirname, '../../test/fixtures/crash-appender.js');

/** Runs the appender until `acks` events were acknowledged, kills it, returns the acked ids. */
function appendThenKill(file: string, acks: number): Promise<{ acked: string[]; signal: NodeJS.Signals | null; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [FIXTURE, file], { stdio: ['ignore', 'pipe', 'pipe'] });
    const acked: string[] = [];
    let buffered = '';
    let stderr = '';
    let killed = false;
    child.stdout.setEncoding('utf8');
    child.stdout.on('data', (chunk: string) => {
      buffered += chunk;
      const lines = buffered.split('\n');
      buffered = lines.pop() ?? '';
      for (const line of lines) if (line.startsWith('ack ')) acked.push(line.slice(4));
      if (!killed && acked.length >= acks) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (_code, signal) => resolve({ acked, signal, stderr }));
  });
}

describe('SQLite store under SIGKILL', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-crash-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  test('every acknowledged append survives, the file is intact and the chains verify', async () => {
    const file = path.join(dir, 'events.sqlite');
    const first = await appendThenKill(file, 400);
    expect(first.stderr).toBe('');
    expect(first.signal).toBe('SIGKILL');
    // A second run on the same file, killed too: recovery then more appends on the recovered file.
    const second = await appendThenKill(file, 400);
    expect(second.stderr).toBe('');
    expect(second.signal).toBe('SIGKILL');

    const raw = new Database(file, { readonly: true });
    expect(raw.pragma('integrity_check', { simple: true })).toBe('ok');
    const stored = new Set(raw.prepare('SELECT event_id FROM events').pluck().all() as string[]);
    raw.close();
    const acked = [...first.acked, ...second.acked];
    expect(acked.length).toBeGreaterThanOrEqual(800);
    expect(acked.filter((id) => !stored.has(id))).toEqual([]);

    const store = new SqliteEventStore(file);
    try {
      const verification = await verifyStore(store);
      expect(verification).toMatchObject({ ok: true });
      expect(verification.eventsChecked).toBe(stored.size);
    } finally {
      await store.close();
    }
  }, 60_000);
});
