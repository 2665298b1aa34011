/**
 * R19 under a race: two administrators validate the same refund request at the same time, in a
 * seeded random interleaving (a few turns of the event loop before each store call). The family
 * is refunded once, whatever came first; the other answer is REFUND_REQUEST_NOT_PENDING. Real
 * runner, real read models, a SQLite store file. The same check against a store that ignores
 * the expected revision (a deliberately broken variant) finds the double refund it exists for.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventStore } from '@periscol/event-store';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import { familyCommand } from '@periscol/reservation-domain/testing';
import { isLeft } from 'fp-ts/Either';
import { CatalogSource } from '../catalog/catalog-source';
import { FamilyCommandRunner } from '../commands/family-command.runner';
import { ReadModels } from '../read-models/read-models';
import { FamilySnapshots } from '../snapshots/family-snapshots';

const NOW = '2026-09-01T08:00:00.000Z';
const ROUNDS = 40;

async function yieldTimes(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** mulberry32: the same schedule on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The store with each read and append made to wait a few turns drawn from `random`; `ignoreRevision`: the broken variant. */
function scheduled(store: EventStore, random: () => number, ignoreRevision: boolean): EventStore {
  const later = async <T>(call: () => Promise<T>): Promise<T> => {
    await yieldTimes(Math.floor(random() * 4));
    return call();
  };
  return {
    kind: store.kind,
    appendToStream: (id, events, options) => later(() => store.appendToStream(id, events, ignoreRevision ? { expectedRevision: 'any' } : options)),
    appendMany: (appends) => later(() => store.appendMany(ignoreRevision ? appends.map((append) => ({ ...append, expectedRevision: 'any' as const })) : appends)),
    readStream: (id, options) => later(() => store.readStream(id, options)),
    readAll: (options) => store.readAll(options),
    headPosition: () => later(() => store.headPosition()),
    subscribeToAll: (options) => store.subscribeToAll(options),
    deleteStream: (id) => store.deleteStream(id),
    close: () => store.close(),
  };
}

/** Rounds in which the family was refunded more than once for one request. */
async function doubleRefunds(ignoreRevision: boolean): Promise<string[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-refund-race-'));
  const sqlite = new SqliteEventStore(path.join(dir, 'events.sqlite'), { pollIntervalMs: 5 });
  const store = scheduled(sqlite, seeded(20261203), ignoreRevision);
  const readModels = new ReadModels({ store, file: ':memory:' });
  await readModels.start();
  const snapshots = new FamilySnapshots(readModels, store);
  const runner = new FamilyCommandRunner(store, { holdMinutes: 60 }, new CatalogSource(store, null), snapshots, readModels);
  const as = (userId: string, key: string) => ({ idempotencyKey: key, actor: { userId, role: 'admin' } });
  const doubles: string[] = [];
  try {
    await runner.run('f1', familyCommand('RegisterFamily', { familyId: 'f1', resident: true }, NOW), as('admin-1', 'register'));
    await runner.run('f1', familyCommand('GrantGoodwillCredit', { creditId: 'g1', amountCents: 100 * ROUNDS * 2, reason: 'Solde' }, NOW), as('admin-1', 'grant'));
    for (let round = 0; round < ROUNDS; round++) {
      const requestId = `rr-${round}`;
      const asked = await runner.run(
        'f1',
        familyCommand('RequestRefund', { requestId, amountCents: 100, reason: 'Départ', creditIds: ['g1'], requestedBy: 'regisseur-1' }, NOW),
        { idempotencyKey: `ask-${round}`, actor: { userId: 'regisseur-1', role: 'regisseur' } },
      );
      if (isLeft(asked)) throw new Error(asked.left.message);
      const answers = await Promise.all(
        ['admin-1', 'admin-2'].map((admin) => runner.run('f1', familyCommand('ValidateRefundRequest', { requestId, validatedBy: admin }, NOW), as(admin, `validate-${round}-${admin}`))),
      );
      const refused = answers.filter(isLeft).map((answer) => answer.left.code);
      const { events } = await sqlite.readStream('family-f1');
      const refunds = events.filter((event) => event.type === 'CreditRefunded' && (event.data as { refundId: string }).refundId === requestId).length;
      if (refunds !== 1) doubles.push(`round ${round}: refunded ${refunds} times`);
      else expect(refused).toEqual(['REFUND_REQUEST_NOT_PENDING']);
    }
  } finally {
    await readModels.stop();
    readModels.close();
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  }
  return doubles;
}

describe('two validations of one refund request, in any interleaving (R19)', () => {
  it(`refund the family once (${ROUNDS} rounds)`, async () => {
    expect(await doubleRefunds(false)).toEqual([]);
  }, 120_000);

  it('against a store that ignores the expected revision, the same check finds double refunds', async () => {
    expect((await doubleRefunds(true)).length).toBeGreaterThan(0);
  }, 120_000);
});
