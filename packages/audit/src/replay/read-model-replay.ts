/**
 * Rebuilds read models from the history with the store's own `ProjectionRunner` (the code path
 * the API runs: one transaction per batch with its checkpoint), into a database the caller
 * gives: a fresh file or `:memory:`. `until` replays a view of the store cut at a position, to
 * compare with a read model that stands there.
 */
import type Database from 'better-sqlite3';
import { ProjectionRunner, type EventStore, type Projection, type ReadAllOptions, type StoredEvent, type SubscribeOptions, type Subscription } from '@periscol/event-store';

export interface ReplayProgress {
  /** Events applied so far. */
  readonly events: number;
  readonly position: number;
  /** Position the replay runs to. */
  readonly head: number;
  readonly elapsedMs: number;
}

export interface ReplayOptions {
  /** Events per batch and transaction (default 5000). */
  readonly batchSize?: number;
  /** Replay only events at or before this position (default: the store's head when called). */
  readonly until?: number;
  readonly onProgress?: (progress: ReplayProgress) => void;
}

export interface ReplayResult {
  readonly events: number;
  readonly head: number;
  readonly elapsedMs: number;
  readonly eventsPerSecond: number;
  /** Rows per table afterwards, by projection. */
  readonly projections: readonly { readonly name: string; readonly version: number; readonly position: number; readonly tables: readonly TableSize[] }[];
}

export interface TableSize {
  readonly table: string;
  readonly rows: number;
}

/**
 * The store as it was at `until`: nothing after that position is read. Its `subscribeToAll`
 * catches up in pages of `batchSize` and ends (no live part), whatever the adapter, then calls
 * `onCaughtUp`: every batch has been handled by then.
 */
export function storeCutAt(store: EventStore, until: number, onCaughtUp?: () => void): EventStore {
  const readAll = async (options: ReadAllOptions = {}): Promise<readonly StoredEvent[]> => {
    if ((options.after ?? 0) >= until) return [];
    const page = await readPage(store, options);
    const last = page[page.length - 1];
    return last === undefined || last.position <= until ? page : page.filter((event) => event.position <= until);
  };
  const subscribeToAll = (options: SubscribeOptions): Subscription => {
    let stopped = false;
    const finished = (async () => {
      let after = options.after;
      try {
        while (!stopped) {
          const page = await readAll({ after, limit: options.batchSize ?? 500 });
          if (page.length === 0 || stopped) break;
          await options.handler(page);
          after = page[page.length - 1].position;
        }
      } catch (error) {
        options.onError?.(error);
      } finally {
        onCaughtUp?.();
      }
    })();
    return {
      stop: async () => {
        stopped = true;
        await finished;
      },
    };
  };
  return Object.create(store, {
    readAll: { value: readAll },
    subscribeToAll: { value: subscribeToAll },
    headPosition: { value: async () => Math.min(until, await store.headPosition()) },
  }) as EventStore;
}

/** The SQLite store's replay read path when there is one (metadata parsed only when read), else `readAll`. */
function readPage(store: EventStore, options: ReadAllOptions): Promise<readonly StoredEvent[]> {
  const replayRead = (store as EventStore & { readAllForReplay?: (options: ReadAllOptions) => Promise<readonly StoredEvent[]> }).readAllForReplay;
  return replayRead ? replayRead.call(store, options) : store.readAll(options);
}

export function listTables(db: Database.Database): string[] {
  return (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name").all() as { name: string }[]).map((row) => row.name);
}

/**
 * The tables each projection owns: the ones it names (`tables`, as the API's projections do),
 * else the ones its `init` creates (run once in `db`, which they are then left in).
 */
export function tablesByProjection(db: Database.Database, projections: readonly Projection[]): Map<string, string[]> {
  const owned = new Map<string, string[]>();
  for (const projection of projections) {
    const before = new Set(listTables(db));
    db.transaction(() => projection.init(db))();
    const named = (projection as Projection & { readonly tables?: readonly string[] }).tables;
    owned.set(projection.name, named ? [...named] : listTables(db).filter((table) => !before.has(table)));
  }
  return owned;
}

export function countRows(db: Database.Database, table: string): number {
  return (db.prepare(`SELECT COUNT(*) AS n FROM "${table.replace(/"/g, '""')}"`).get() as { n: number }).n;
}

export async function replayReadModels(store: EventStore, projections: readonly Projection[], db: Database.Database, options: ReplayOptions = {}): Promise<ReplayResult> {
  const head = options.until ?? (await store.headPosition());
  let caughtUp!: () => void;
  const done = new Promise<void>((resolve) => (caughtUp = resolve));
  const source = storeCutAt(store, head, () => caughtUp());
  const owned = tablesByProjection(db, projections);
  const started = process.hrtime.bigint();
  const elapsedMs = () => Number(process.hrtime.bigint() - started) / 1e6;
  let applied = 0;
  // Progress is counted on the first projection: every projection sees every batch.
  const counted = projections.map((projection, index): Projection =>
    index === 0
      ? {
          name: projection.name,
          version: projection.version,
          init: (target) => projection.init(target),
          apply: (target, events) => {
            projection.apply(target, events);
            applied += events.length;
            options.onProgress?.({ events: applied, position: events[events.length - 1].position, head, elapsedMs: elapsedMs() });
          },
        }
      : projection,
  );
  let failure: unknown;
  const runner = new ProjectionRunner({
    store: source,
    db,
    projections: counted,
    batchSize: options.batchSize ?? 5000,
    onError: (name, error) => {
      failure ??= new ReplayFailedError(name, error);
    },
  });
  await runner.rebuild();
  runner.start();
  if (projections.length > 0) await done;
  await runner.stop();
  if (failure !== undefined) throw failure;
  const ms = elapsedMs();
  return {
    events: applied,
    head,
    elapsedMs: ms,
    eventsPerSecond: ms > 0 ? (applied * 1000) / ms : 0,
    projections: runner.status().map((status) => ({
      name: status.name,
      version: status.version,
      position: status.position,
      tables: (owned.get(status.name) ?? []).map((table) => ({ table, rows: countRows(db, table) })),
    })),
  };
}

export class ReplayFailedError extends Error {
  readonly code = 'REPLAY_FAILED' as const;
  constructor(
    readonly projection: string | undefined,
    readonly failure: unknown,
  ) {
    super(`${projection === undefined ? 'reading the history' : `projection ${projection}`} failed: ${failure instanceof Error ? failure.message : String(failure)}`);
    this.name = 'ReplayFailedError';
  }
}
