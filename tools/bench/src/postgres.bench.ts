/**
 * PostgreSQL event store: 50 concurrent writers, each appending 2-event commands to streams of its
 * own with exact expected revisions, through the adapter (group commit: one transaction for all
 * pending appends) and through raw `pg` (one INSERT transaction per command, no checks, no hashes:
 * once with a connection per writer, the baseline, and once with as many connections as the
 * store's pool) in the same run, on the same server. Rounds alternate between the three; each
 * figure is the median of its rounds, in appends (commands) per second. Then one writer alone
 * (store vs raw, one connection), and a full read of everything written, in pages, through
 * `readAll` vs a raw `SELECT … ORDER BY position` + JSON.parse of the same rows.
 *
 * Server: PERISCOL_BENCH_POSTGRES_URL, else PERISCOL_TEST_POSTGRES_URL, else
 * postgres://postgres@127.0.0.1:5432/test; skipped with a message when it does not answer. Runs in
 * a throw-away schema, dropped at the end. PERISCOL_BENCH_POSTGRES_COMMANDS (2,000) commands per
 * round, PERISCOL_BENCH_POSTGRES_ROUNDS (5) rounds.
 */
import { randomBytes } from 'node:crypto';
import { Client, Pool } from 'pg';
import { deterministicEventId, NewEvent } from '@periscol/event-store';
import { PostgresEventStore } from '@periscol/event-store/postgres';
import { BenchResult, median } from './bench-kit';

export const title = 'PostgreSQL event store (one writer, 50 concurrent writers, full read)';

const URL = process.env.PERISCOL_BENCH_POSTGRES_URL ?? process.env.PERISCOL_TEST_POSTGRES_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const WRITERS = 50;
const STREAMS_PER_WRITER = 20;
/** The store's pool; the raw baseline runs once with as many connections and once with one per writer. */
const POOL_SIZE = 10;
const COMMANDS = Number(process.env.PERISCOL_BENCH_POSTGRES_COMMANDS ?? 2000);
const ROUNDS = Number(process.env.PERISCOL_BENCH_POSTGRES_ROUNDS ?? 5);

function commandEvents(key: string, command: number): NewEvent[] {
  return [0, 1].map((i) => ({
    type: i === 0 ? 'ReservationRequested' : 'CreditIssued',
    data: { familyId: `f-${command}`, childId: `c-${i}`, activityId: 'cantine', date: '2026-09-14', unitPriceCents: 350, totalCents: 350 * (i + 1) },
    metadata: { eventId: deterministicEventId(key, i), schemaVersion: 1, correlationId: key, causationId: key, actor: { userId: 'u-1', role: 'parent' } },
  }));
}

const seconds = (start: bigint) => Number(process.hrtime.bigint() - start) / 1e9;

/** 50 writers, each awaiting its own commands in turn; returns commands per second. */
async function concurrentWriters(round: string, append: (streamId: string, events: NewEvent[], revisionBefore: number) => Promise<void>): Promise<number> {
  const perWriter = Math.floor(COMMANDS / WRITERS);
  const start = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: WRITERS }, async (_, w) => {
      for (let c = 0; c < perWriter; c++) {
        const revision = Math.floor(c / STREAMS_PER_WRITER) * 2 - 1; // each command adds 2 events to its stream
        await append(`${round}-w${w}-s${c % STREAMS_PER_WRITER}`, commandEvents(`${round}-${w}-${c}`, c), revision);
      }
    }),
  );
  return (perWriter * WRITERS) / seconds(start);
}

/** Raw pg: the same columns, one BEGIN / INSERT of the command's 2 rows / COMMIT per command. */
async function rawRound(pool: Pool, schema: string, round: string): Promise<number> {
  return concurrentWriters(round, (streamId, events, revision) => rawAppend(pool, schema, streamId, events, revision));
}

async function rawAppend(pool: Pool, schema: string, streamId: string, events: NewEvent[], revision: number): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    const recordedAt = new Date().toISOString();
    await client.query(
      `INSERT INTO "${schema}".raw_events (stream_id, revision, event_id, type, data, metadata, recorded_at)
       VALUES ($1, $2, $3, $4, $5, $6, $12), ($1, $7, $8, $9, $10, $11, $12)`,
      [
        streamId,
        revision + 1,
        events[0].metadata.eventId,
        events[0].type,
        JSON.stringify(events[0].data),
        JSON.stringify(events[0].metadata),
        revision + 2,
        events[1].metadata.eventId,
        events[1].type,
        JSON.stringify(events[1].data),
        JSON.stringify(events[1].metadata),
        recordedAt,
      ],
    );
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

async function storeAppend(store: PostgresEventStore, streamId: string, events: NewEvent[], revision: number): Promise<void> {
  await store.appendToStream(streamId, events, { expectedRevision: revision === -1 ? 'no_stream' : revision });
}

async function storeRound(store: PostgresEventStore, round: string): Promise<number> {
  return concurrentWriters(round, (streamId, events, revision) => storeAppend(store, streamId, events, revision));
}

/** One writer alone: commands per second (each waits for its own commit: no group to share). */
async function sequentialRound(round: string, append: (streamId: string, events: NewEvent[], revisionBefore: number) => Promise<void>): Promise<number> {
  const commands = Math.floor(COMMANDS / 4);
  const start = process.hrtime.bigint();
  for (let c = 0; c < commands; c++) {
    const revision = Math.floor(c / STREAMS_PER_WRITER) * 2 - 1;
    await append(`${round}-s${c % STREAMS_PER_WRITER}`, commandEvents(`${round}-${c}`, c), revision);
  }
  return commands / seconds(start);
}

const READ_PAGE = 5000;

/** Every event the store holds, page by page; events per second. */
async function storeReadAll(store: PostgresEventStore): Promise<{ rate: number; events: number }> {
  const start = process.hrtime.bigint();
  let after = 0;
  let events = 0;
  for (;;) {
    const page = await store.readAll({ after, limit: READ_PAGE });
    if (page.length === 0) break;
    events += page.length;
    after = page[page.length - 1].position;
  }
  return { rate: events / seconds(start), events };
}

/** The same rows of the store's table, raw: keyset pages + JSON.parse of data and metadata. */
async function rawReadAll(pool: Pool, schema: string): Promise<number> {
  const start = process.hrtime.bigint();
  let after = 0;
  let events = 0;
  for (;;) {
    const { rows } = await pool.query<{ position: string; data: string; metadata: string }>(
      `SELECT position, stream_id, revision, event_id, type, data, metadata, recorded_at FROM "${schema}".events WHERE position > $1 ORDER BY position LIMIT $2`,
      [after, READ_PAGE],
    );
    if (rows.length === 0) break;
    for (const row of rows) {
      JSON.parse(row.data);
      JSON.parse(row.metadata);
    }
    events += rows.length;
    after = Number(rows[rows.length - 1].position);
  }
  return events / seconds(start);
}

async function unreachable(): Promise<string | undefined> {
  const client = new Client({ connectionString: URL, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.end();
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export async function run(): Promise<BenchResult[]> {
  const why = await unreachable();
  if (why !== undefined) {
    console.log(`skipped: no PostgreSQL at ${URL} (${why}); set PERISCOL_BENCH_POSTGRES_URL`);
    return [];
  }
  const schema = `periscol_bench_${randomBytes(4).toString('hex')}`;
  const store = await PostgresEventStore.open({ connectionString: URL, schema, poolSize: POOL_SIZE });
  const rawPerWriter = new Pool({ connectionString: URL, max: WRITERS });
  const rawPooled = new Pool({ connectionString: URL, max: POOL_SIZE });
  try {
    await rawPooled.query(`CREATE TABLE "${schema}".raw_events (
      position bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, stream_id text NOT NULL, revision integer NOT NULL, event_id text NOT NULL UNIQUE,
      type text NOT NULL, data text NOT NULL, metadata text NOT NULL, recorded_at timestamptz NOT NULL, UNIQUE (stream_id, revision))`);
    // Warm every path (connections, plans) before measuring.
    await rawRound(rawPerWriter, schema, 'warm-per-writer');
    await rawRound(rawPooled, schema, 'warm-pooled');
    await storeRound(store, 'warm-store');
    const perWriter: number[] = [];
    const pooled: number[] = [];
    const adapter: number[] = [];
    for (let r = 0; r < ROUNDS; r++) {
      perWriter.push(await rawRound(rawPerWriter, schema, `per-writer-${r}`));
      pooled.push(await rawRound(rawPooled, schema, `pooled-${r}`));
      adapter.push(await storeRound(store, `store-${r}`));
    }
    const singleRaw: number[] = [];
    const singleStore: number[] = [];
    const oneConnection = new Pool({ connectionString: URL, max: 1 });
    try {
      for (let r = 0; r < ROUNDS; r++) {
        singleRaw.push(await sequentialRound(`single-raw-${r}`, (streamId, events, revision) => rawAppend(oneConnection, schema, streamId, events, revision)));
        singleStore.push(await sequentialRound(`single-store-${r}`, (streamId, events, revision) => storeAppend(store, streamId, events, revision)));
      }
    } finally {
      await oneConnection.end();
    }
    const readsStore: number[] = [];
    const readsRaw: number[] = [];
    let readEvents = 0;
    for (let r = 0; r < ROUNDS; r++) {
      readsRaw.push(await rawReadAll(rawPooled, schema));
      const read = await storeReadAll(store);
      readsStore.push(read.rate);
      readEvents = read.events;
    }
    const rounds = (rates: number[]) => `rounds: ${rates.map((rate) => Math.round(rate)).join(', ')}`;
    return [
      { name: 'raw pg, one writer, 1 INSERT tx per command (baseline)', value: median(singleRaw), unit: 'appends/s', note: rounds(singleRaw) },
      { name: 'store append, one writer', value: median(singleStore), unit: 'appends/s', baseline: median(singleRaw), note: `${rounds(singleStore)}; hash chain, revision check, NOTIFY` },
      { name: `raw pg, 1 INSERT tx per command, ${WRITERS} connections (baseline)`, value: median(perWriter), unit: 'appends/s', note: rounds(perWriter) },
      { name: `raw pg, 1 INSERT tx per command, ${POOL_SIZE} connections`, value: median(pooled), unit: 'appends/s', baseline: median(perWriter), note: rounds(pooled) },
      {
        name: `store append, ${WRITERS} writers, group commit, pool ${POOL_SIZE}`,
        value: median(adapter),
        unit: 'appends/s',
        baseline: median(perWriter),
        target: '> 1x baseline',
        note: `${rounds(adapter)}; ${COMMANDS} commands × 2 events per round`,
      },
      { name: 'raw pg, SELECT by position pages + JSON.parse (baseline)', value: median(readsRaw), unit: 'events/s', note: rounds(readsRaw) },
      { name: 'store readAll, pages of 5,000', value: median(readsStore), unit: 'events/s', baseline: median(readsRaw), note: `${rounds(readsStore)}; ${readEvents} events` },
    ];
  } finally {
    await store.close();
    await rawPooled.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
    await Promise.all([rawPerWriter.end(), rawPooled.end()]);
  }
}
