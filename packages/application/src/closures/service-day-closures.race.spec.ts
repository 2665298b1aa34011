/**
 * R2, R13, R14 under a race: one closure and six reservations of the same day, sent in a random
 * interleaving (a seeded schedule of yields before each call), must leave no order alive on the
 * closed day, whatever came first. Real runner, real read models (SQLite in memory), the
 * in-memory event store.
 */
import { InMemoryEventStore, type EventStore } from '@periscol/event-store';
import { demoCatalog, serviceDayStatus } from '@periscol/reservation-domain';
import { familyCommand, slot } from '@periscol/reservation-domain/testing';
import fc from 'fast-check';
import { isLeft } from 'fp-ts/Either';
import { CatalogSource } from '../catalog/catalog-source';
import { SYSTEM_ACTOR } from '../commands/command-context';
import { FamilyCommandRunner } from '../commands/family-command.runner';
import { ReadModels } from '../read-models/read-models';
import { FamilySnapshots } from '../snapshots/family-snapshots';
import { holdsDay } from '@periscol/reservation-domain';
import { ServiceDayClosures } from './service-day-closures';

const NOW = '2026-09-01T08:00:00.000Z';
const FAMILIES = ['f1', 'f2', 'f3', 'f4', 'f5', 'f6'];
const ROUNDS = 1_000;
const ROUNDS_PER_STORE = 100;

/** Canteen days open in the demo town from mid-September on, one per round of a store. */
function openDays(count: number): string[] {
  const days: string[] = [];
  for (let at = Date.parse('2026-09-14T12:00:00Z'); days.length < count; at += 86_400_000) {
    const date = new Date(at).toISOString().slice(0, 10);
    if (serviceDayStatus(demoCatalog, 'restauration', date).open) days.push(date);
  }
  return days;
}

async function yieldTimes(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/**
 * The store, each call made to wait a few turns of the event loop drawn from `random`: the
 * scheduler that spreads the interleavings of the concurrent commands (same seed, same runs).
 */
function scheduled(store: EventStore, random: () => number): EventStore {
  const later = async <T>(call: () => Promise<T>): Promise<T> => {
    await yieldTimes(Math.floor(random() * 4));
    return call();
  };
  return {
    kind: store.kind,
    appendToStream: (id, events, options) => later(() => store.appendToStream(id, events, options)),
    appendMany: (appends) => later(() => store.appendMany(appends)),
    readStream: (id, options) => later(() => store.readStream(id, options)),
    readAll: (options) => store.readAll(options),
    headPosition: () => later(() => store.headPosition()),
    subscribeToAll: (options) => store.subscribeToAll(options),
    deleteStream: (id) => store.deleteStream(id),
    close: () => store.close(),
  };
}

/** A small seeded generator (mulberry32): the schedule is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

async function town(seed: number) {
  const store = scheduled(new InMemoryEventStore(), seeded(seed));
  const catalogs = new CatalogSource(store, null);
  const readModels = new ReadModels({ store, file: ':memory:' });
  await readModels.start();
  const snapshots = new FamilySnapshots(readModels, store);
  const runner = new FamilyCommandRunner(store, { holdMinutes: 60 }, catalogs, snapshots, readModels);
  const closures = new ServiceDayClosures(store, catalogs, readModels, snapshots, runner);
  const ctx = (key: string) => ({ idempotencyKey: key, actor: SYSTEM_ACTOR });
  for (const familyId of FAMILIES) {
    await runner.run(familyId, familyCommand('RegisterFamily', { familyId, resident: true }, NOW), ctx(`register-${familyId}`));
    await runner.run(familyId, familyCommand('EnrolChild', { childId: `${familyId}-c`, activityIds: ['restauration'] }, NOW), ctx(`enrol-${familyId}`));
  }
  const close = async () => {
    await readModels.stop();
    readModels.close();
    await store.close();
  };
  return { runner, closures, snapshots, ctx, close };
}

describe('a closure and reservations of the same day, in any interleaving', () => {
  it(`leaves no order alive on the closed day (${ROUNDS} rounds)`, async () => {
    const schedules = fc.sample(fc.array(fc.nat(12), { minLength: 7, maxLength: 7 }), { numRuns: ROUNDS, seed: 20261202 });
    const days = openDays(ROUNDS_PER_STORE);
    const survivors: string[] = [];
    for (let first = 0; first < ROUNDS; first += ROUNDS_PER_STORE) {
      const t = await town(first);
      try {
        for (let round = first; round < Math.min(ROUNDS, first + ROUNDS_PER_STORE); round++) {
          const date = days[round - first];
          const [closureDelay, ...reservationDelays] = schedules[round];
          await Promise.all([
            (async () => {
              await yieldTimes(closureDelay);
              const closed = await t.closures.close({ activityId: 'restauration', date, reason: 'Grève' }, NOW, t.ctx(`close-${round}`));
              if (isLeft(closed)) throw new Error(closed.left.message);
            })(),
            ...FAMILIES.map(async (familyId, i) => {
              await yieldTimes(reservationDelays[i]);
              // DAY_CLOSED is an expected answer when the closure came first.
              await t.runner.run(
                familyId,
                familyCommand('RequestReservation', { orderId: `o-${round}-${familyId}`, slots: [slot(`${familyId}-c`, 'restauration', date)], pricing: { quotientFamilial: null } }, NOW),
                t.ctx(`reserve-${round}-${familyId}`),
              );
            }),
          ]);
          for (const familyId of FAMILIES) {
            const { state } = await t.snapshots.load(familyId);
            if (holdsDay(state, 'restauration', date)) survivors.push(`round ${round}: ${familyId} still holds ${date}`);
          }
        }
      } finally {
        await t.close();
      }
    }
    expect(survivors).toEqual([]);
  }, 300_000);

  it('closing a day again answers and changes nothing more; a family that booked before is credited once', async () => {
    const t = await town(1);
    try {
      const [date] = openDays(1);
      await t.runner.run('f1', familyCommand('RequestReservation', { orderId: 'o-1', slots: [slot('f1-c', 'restauration', date)], pricing: { quotientFamilial: null } }, NOW), t.ctx('reserve'));
      const first = await t.closures.close({ activityId: 'restauration', date, reason: 'Grève' }, NOW, t.ctx('close-1'));
      const again = await t.closures.close({ activityId: 'restauration', date, reason: 'Grève' }, NOW, t.ctx('close-2'));
      expect(first).toEqual(expect.objectContaining({ right: expect.objectContaining({ families: 1, expiredOrders: 1 }) }));
      expect(again).toEqual(expect.objectContaining({ right: { cancelledSlots: 0, creditedCents: 0, expiredOrders: 0, families: 0 } }));
      expect(holdsDay((await t.snapshots.load('f1')).state, 'restauration', date)).toBe(false);
    } finally {
      await t.close();
    }
  });
});
