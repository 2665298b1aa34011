/**
 * Given / when / then for read models (after emmett's sqliteProjectionSpec): the events go
 * through a real `ProjectorRunner` over an `InMemoryEventStore` into a fresh `:memory:` database,
 * the `given` ones first, then the `when` ones as a later batch, as they would arrive live.
 *
 *   await projectorSpec(balances).given([paid]).when([refunded]).thenRows('SELECT * FROM balances', [{ family: 'f1', cents: 0 }]);
 */
import { deepStrictEqual } from 'node:assert';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Clock } from '../clock';
import { ProjectorRunner, type Projector } from '../consumers/projector';
import type { EventMetadataInput } from '../event-store.port';
import { InMemoryEventStore } from '../memory/in-memory-event-store.adapter';

/** An event as a spec writes it; the store gives it its position and its revision in its stream. */
export interface SpecEvent {
  readonly type: string;
  readonly data: unknown;
  /** Default `spec-stream`. */
  readonly streamId?: string;
  /** Merged over `{ eventId: <random>, schemaVersion: 1 }`. */
  readonly metadata?: Partial<EventMetadataInput>;
}

export interface ProjectorScenario {
  /** Events appended once the given ones are applied. */
  when(events: readonly SpecEvent[]): Omit<ProjectorScenario, 'when'>;
  then(assert: (db: Database.Database) => void | Promise<void>): Promise<void>;
  /** The query's rows, in its order (give it an ORDER BY), deep-equal to `rows`. */
  thenRows(sql: string, rows: readonly Record<string, unknown>[]): Promise<void>;
}

export function projectorSpec(projector: Projector, options: { readonly clock?: Clock } = {}): { given(events: readonly SpecEvent[]): ProjectorScenario } {
  return { given: (events) => scenario(projector, options.clock, [events]) };
}

function scenario(projector: Projector, clock: Clock | undefined, phases: readonly (readonly SpecEvent[])[]): ProjectorScenario {
  const then = async (assert: (db: Database.Database) => void | Promise<void>): Promise<void> => {
    const store = new InMemoryEventStore(clock ? { clock } : {});
    const db = new Database(':memory:');
    // A failing projector surfaces as the ProjectionFailedError of `waitFor`.
    const runner = new ProjectorRunner({ store, db, projectors: [projector], onError: () => undefined });
    try {
      runner.start();
      for (const events of phases) await runner.waitFor(await append(store, events));
      await assert(db);
    } finally {
      await runner.stop();
      await store.close();
      db.close();
    }
  };
  return {
    when: (events) => scenario(projector, clock, [...phases, events]),
    then,
    thenRows: (sql, rows) => then((db) => deepStrictEqual(plain(db.prepare(sql).all()), plain(rows))),
  };
}

/** Rows rebuilt here: under Jest, better-sqlite3's arrays and objects come from another realm, which strict equality tells apart. */
function plain(rows: readonly unknown[]): Record<string, unknown>[] {
  return Array.from(rows, (row) => ({ ...(row as Record<string, unknown>) }));
}

/** Appends one event at a time, in order; returns the last position (0 when none). */
async function append(store: InMemoryEventStore, events: readonly SpecEvent[]): Promise<number> {
  let last = 0;
  for (const { type, data, streamId, metadata } of events) {
    const result = await store.appendToStream(streamId ?? 'spec-stream', [{ type, data, metadata: { eventId: randomUUID(), schemaVersion: 1, ...metadata } }], { expectedRevision: 'any' });
    last = result.lastPosition;
  }
  return last;
}
