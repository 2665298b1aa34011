/**
 * SQLite event store: append (durable, WAL + synchronous=FULL) and full read, each beside a raw
 * better-sqlite3 baseline measured in the same run on the same machine.
 *
 * Workload: commands of 2 events over 2,000 streams. Sequential runs are bound by one fsync per
 * command (a few ms on these VMs), so they use fewer commands by default
 * (PERISCOL_BENCH_SEQUENTIAL_COMMANDS, default 3,000; the concurrent run uses
 * PERISCOL_BENCH_COMMANDS, default 20,000). Rates do not depend on the count.
 */
import Database from 'better-sqlite3';
import { randomUUID } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Decider, deterministicEventId, handleCommand, NewEvent } from '@periscol/event-store';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import type { BenchResult } from './bench-kit';

export const title = 'SQLite event store (WAL + synchronous=FULL)';

const STREAMS = 2000;
const WRITERS = 50;
const COMMANDS = Number(process.env.PERISCOL_BENCH_COMMANDS ?? 20_000);
const SEQUENTIAL_COMMANDS = Number(process.env.PERISCOL_BENCH_SEQUENTIAL_COMMANDS ?? 3_000);

function payload(command: number, i: number) {
  return { familyId: `f-${command % STREAMS}`, childId: `c-${i}`, activityId: 'cantine', date: '2026-09-14', unitPriceCents: 350, totalCents: 350 * (i + 1) };
}

function commandEvents(key: string, command: number): NewEvent[] {
  return [0, 1].map((i) => ({
    type: i === 0 ? 'ReservationRequested' : 'CreditIssued',
    data: payload(command, i),
    metadata: { eventId: deterministicEventId(key, i), schemaVersion: 1, correlationId: key, causationId: key, actor: { userId: 'u-1', role: 'parent' } },
  }));
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** Raw better-sqlite3: same table, one transaction per command of 2 events, no checks, no hashes. */
function rawAppend(file: string, commands: number): number {
  const db = new Database(file);
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`CREATE TABLE events (position INTEGER PRIMARY KEY AUTOINCREMENT, stream_id TEXT NOT NULL, revision INTEGER NOT NULL,
    event_id TEXT NOT NULL UNIQUE, type TEXT NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recorded_at TEXT NOT NULL, UNIQUE (stream_id, revision))`);
  const insert = db.prepare('INSERT INTO events (stream_id, revision, event_id, type, data, metadata, recorded_at) VALUES (?, ?, ?, ?, ?, ?, ?)');
  const revisions = new Array<number>(STREAMS).fill(-1);
  const append = db.transaction((stream: number, events: NewEvent[]) => {
    const recordedAt = new Date().toISOString();
    for (const event of events) insert.run(`family-${stream}`, ++revisions[stream], event.metadata.eventId, event.type, JSON.stringify(event.data), JSON.stringify(event.metadata), recordedAt);
  });
  const start = process.hrtime.bigint();
  for (let c = 0; c < commands; c++) append(c % STREAMS, commandEvents(`raw-${c}`, c));
  const elapsed = seconds(start);
  db.close();
  return (commands * 2) / elapsed;
}

async function storeSequential(store: SqliteEventStore, commands: number): Promise<number> {
  const revisions = new Array<number>(STREAMS).fill(-1);
  const start = process.hrtime.bigint();
  for (let c = 0; c < commands; c++) {
    const stream = c % STREAMS;
    const result = await store.appendToStream(`seq-${stream}`, commandEvents(`seq-${c}`, c), { expectedRevision: revisions[stream] === -1 ? 'no_stream' : revisions[stream] });
    revisions[stream] = result.nextExpectedRevision;
  }
  return (commands * 2) / seconds(start);
}

/** 50 writers, each awaiting its own appends to its own streams (exact expected revisions). */
async function storeConcurrent(store: SqliteEventStore, commands: number): Promise<number> {
  const perWriter = Math.floor(commands / WRITERS);
  const streamsPerWriter = STREAMS / WRITERS;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      const revisions = new Array<number>(streamsPerWriter).fill(-1);
      for (let c = 0; c < perWriter; c++) {
        const local = c % streamsPerWriter;
        const result = await store.appendToStream(`conc-${w * streamsPerWriter + local}`, commandEvents(`conc-${w}-${c}`, c), {
          expectedRevision: revisions[local] === -1 ? 'no_stream' : revisions[local],
        });
        revisions[local] = result.nextExpectedRevision;
      }
    }),
  );
  return (perWriter * WRITERS * 2) / seconds(start);
}

/** 50 writers through the command loop; every 25th command of each writer on one of 5 shared streams (10 writers each): conflicts, retries. */
async function storeConcurrentWithContention(store: SqliteEventStore, commands: number): Promise<{ rate: number; retries: number }> {
  const decider: Decider<number, number, { type: string; data: unknown }> = {
    initialState: () => 0,
    evolve: (state) => state + 1,
    decide: (command, state) => commandEvents(`unused-${command}`, state).map(({ type, data }) => ({ type, data })),
  };
  const perWriter = Math.floor(commands / WRITERS);
  const streamsPerWriter = STREAMS / WRITERS;
  let retries = 0;
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let c = 0; c < perWriter; c++) {
        const streamId = c % 25 === 24 ? `hot-${w % 5}` : `loop-${w * streamsPerWriter + (c % streamsPerWriter)}`;
        const result = await handleCommand(store, decider, { streamId, command: c, idempotencyKey: `${w}-${c}`, schemaVersionOf: () => 1, retries: 20, backoff: { initialMs: 1, maxMs: 20 } });
        if (result._tag === 'Right') retries += result.right.attempts - 1;
      }
    }),
  );
  return { rate: (perWriter * WRITERS * 2) / seconds(start), retries };
}

function rawRead(file: string): number {
  const db = new Database(file, { readonly: true });
  const start = process.hrtime.bigint();
  let count = 0;
  const select = db.prepare('SELECT position, stream_id, revision, type, data, metadata FROM events ORDER BY position');
  for (const row of select.iterate() as IterableIterator<{ data: string; metadata: string }>) {
    JSON.parse(row.data);
    JSON.parse(row.metadata);
    count++;
  }
  const rate = count / seconds(start);
  db.close();
  return rate;
}

async function storeRead(store: SqliteEventStore, pageSize: number): Promise<{ rate: number; count: number }> {
  const start = process.hrtime.bigint();
  let after = 0;
  let count = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: pageSize });
    count += page.length;
    if (page.length < pageSize) break;
    after = page[page.length - 1].position;
  }
  return { rate: count / seconds(start), count };
}

export async function run(): Promise<BenchResult[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), `periscol-bench-${randomUUID().slice(0, 8)}-`));
  try {
    const rawAppendRate = rawAppend(path.join(dir, 'raw.sqlite'), SEQUENTIAL_COMMANDS);
    const store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    const sequential = await storeSequential(store, SEQUENTIAL_COMMANDS);
    const concurrent = await storeConcurrent(store, COMMANDS);
    const contended = await storeConcurrentWithContention(store, Math.floor(COMMANDS / 4));
    const rawReadRate = rawRead(path.join(dir, 'events.sqlite'));
    const read = await storeRead(store, 5000);
    await store.close();
    return [
      { name: 'raw better-sqlite3 append, 1 tx per command (baseline)', value: rawAppendRate, unit: 'events/s', note: `${SEQUENTIAL_COMMANDS} commands × 2 events` },
      { name: 'store append, sequential (await each)', value: sequential, unit: 'events/s', baseline: rawAppendRate, note: `${SEQUENTIAL_COMMANDS} commands` },
      { name: `store append, ${WRITERS} concurrent writers, own streams`, value: concurrent, unit: 'events/s', baseline: rawAppendRate, target: '>= 20000', note: `${COMMANDS} commands, group commit` },
      {
        name: `store command loop, ${WRITERS} writers, 4% on 5 shared streams`,
        value: contended.rate,
        unit: 'events/s',
        baseline: rawAppendRate,
        note: `${Math.floor(COMMANDS / 4)} commands, ${contended.retries} conflict retries`,
      },
      { name: 'raw better-sqlite3 full read + JSON.parse (baseline)', value: rawReadRate, unit: 'events/s', note: `${read.count} events` },
      { name: 'store readAll, paged by 5,000', value: read.rate, unit: 'events/s', baseline: rawReadRate, target: '>= 150000' },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
