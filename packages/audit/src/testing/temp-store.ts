/** A real SQLite store file in a fresh temp folder, removed by `dispose`. */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import { SettableClock } from './random-history';

export interface TempStore {
  readonly dir: string;
  readonly file: string;
  readonly clock: SettableClock;
  store: SqliteEventStore;
  /** Closes and opens the file again (after editing it behind the store's back). */
  reopen(): Promise<SqliteEventStore>;
  dispose(): Promise<void>;
}

export function tempDir(prefix = 'periscol-audit-'): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), prefix));
}

export function openTempStore(dir = tempDir()): TempStore {
  const file = path.join(dir, 'events.sqlite');
  const clock = new SettableClock();
  const temp: TempStore = {
    dir,
    file,
    clock,
    store: new SqliteEventStore(file, { clock: clock.clock, pollIntervalMs: 5 }),
    async reopen() {
      await temp.store.close();
      temp.store = new SqliteEventStore(file, { clock: clock.clock, pollIntervalMs: 5 });
      return temp.store;
    },
    async dispose() {
      await temp.store.close();
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
  return temp;
}

/** The value, or a test failure saying what was missing. */
export function must<T>(value: T | undefined | null, what = 'value'): T {
  if (value === undefined || value === null) throw new Error(`expected a ${what}`);
  return value;
}
