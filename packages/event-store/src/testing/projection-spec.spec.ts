import type Database from 'better-sqlite3';
import { AssertionError } from 'node:assert';
import { ProjectionFailedError } from '../consumers/consumer.errors';
import type { Projector } from '../consumers/projector';
import type { StoredEvent } from '../event-store.port';
import { projectorSpec } from './projection-spec';

/** Balance per family: payments add, refunds subtract; a poisoned event makes it throw. */
const balances: Projector & { batches: number[][] } = {
  name: 'balances',
  version: 1,
  batches: [],
  canHandle: (event) => event.type !== 'Ignored',
  init(db) {
    db.exec('DROP TABLE IF EXISTS balances; CREATE TABLE balances (family TEXT PRIMARY KEY, cents INTEGER NOT NULL)');
  },
  apply(db: Database.Database, events: readonly StoredEvent[]) {
    balances.batches.push(events.map((event) => event.position));
    const add = db.prepare('INSERT INTO balances (family, cents) VALUES (?, ?) ON CONFLICT (family) DO UPDATE SET cents = cents + excluded.cents');
    for (const event of events) {
      const { family, cents } = event.data as { family: string; cents: number };
      if (event.type === 'Poison') throw new Error('poisoned');
      add.run(family, event.type === 'Refunded' ? -cents : cents);
    }
  },
};

/** One row per event, to see what the helper made of the given ones. */
const journal: Projector = {
  name: 'journal',
  version: 1,
  init(db) {
    db.exec('DROP TABLE IF EXISTS journal; CREATE TABLE journal (position INTEGER, stream TEXT, revision INTEGER, type TEXT, correlation TEXT)');
  },
  apply(db, events) {
    const insert = db.prepare('INSERT INTO journal VALUES (?, ?, ?, ?, ?)');
    for (const e of events) insert.run(e.position, e.streamId, e.revision, e.type, (e.metadata.correlationId as string | undefined) ?? null);
  },
};

const paid = (family: string, cents: number) => ({ type: 'Paid', data: { family, cents }, streamId: `family-${family}` });

describe('projectorSpec', () => {
  beforeEach(() => {
    balances.batches = [];
  });

  test('given, when, then rows: the when events come as a later batch, filtered by canHandle', async () => {
    await projectorSpec(balances)
      .given([paid('f1', 500), { type: 'Ignored', data: {} }, paid('f2', 300)])
      .when([{ type: 'Refunded', data: { family: 'f1', cents: 200 }, streamId: 'family-f1' }])
      .thenRows('SELECT family, cents FROM balances ORDER BY family', [
        { family: 'f1', cents: 300 },
        { family: 'f2', cents: 300 },
      ]);
    expect(balances.batches).toEqual([[1, 3], [4]]);
  });

  test('events get positions in order, revisions per stream and the metadata given', async () => {
    await projectorSpec(journal)
      .given([
        { type: 'A', data: {}, streamId: 's1' },
        { type: 'B', data: {}, streamId: 's2', metadata: { correlationId: 'c-1' } },
        { type: 'C', data: {}, streamId: 's1' },
        { type: 'D', data: {} },
      ])
      .thenRows('SELECT * FROM journal ORDER BY position', [
        { position: 1, stream: 's1', revision: 0, type: 'A', correlation: null },
        { position: 2, stream: 's2', revision: 0, type: 'B', correlation: 'c-1' },
        { position: 3, stream: 's1', revision: 1, type: 'C', correlation: null },
        { position: 4, stream: 'spec-stream', revision: 0, type: 'D', correlation: null },
      ]);
  });

  test('then hands over the database; each run starts from an empty one', async () => {
    const spec = projectorSpec(balances).given([paid('f1', 100)]);
    for (let run = 0; run < 2; run++) {
      await spec.then((db) => {
        expect(db.prepare('SELECT cents FROM balances').pluck().all()).toEqual([100]);
      });
    }
  });

  test('a projector that throws fails the spec with ProjectionFailedError', async () => {
    const run = projectorSpec(balances)
      .given([paid('f1', 100)])
      .when([{ type: 'Poison', data: { family: 'f1', cents: 1 } }])
      .then(() => undefined);
    await expect(run).rejects.toBeInstanceOf(ProjectionFailedError);
    await expect(run).rejects.toThrow(/poisoned/);
  });

  test('thenRows fails on other rows', async () => {
    const run = projectorSpec(balances).given([paid('f1', 100)]).thenRows('SELECT family, cents FROM balances', [{ family: 'f1', cents: 99 }]);
    await expect(run).rejects.toBeInstanceOf(AssertionError);
  });
});
