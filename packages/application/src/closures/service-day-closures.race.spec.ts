/**
 * R2, R13, R14 under a race: one closure and six reservations of the same day, sent in a random
 * interleaving (a seeded schedule of yields before each call), must leave no order alive on the
 * closed day, whatever came first. A closure for one school, racing reservations of children of
 * two schools, must leave no child of that school holding the day and every child of the other
 * school with its reservation. Real runner, real read models (SQLite in memory), the in-memory
 * event store; the children's schools, which the person stream gives, from a fixed table.
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
const SCHOOL_ROUNDS = 500;

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

const FERRY = 'École Jules Ferry';
const PASTEUR = 'École Pasteur';
/** Each family's children: `-c` at Ferry (a school's closure reaches them), `-p` at Pasteur. */
const SCHOOLS: Readonly<Record<string, string>> = Object.fromEntries(FAMILIES.flatMap((familyId) => [[`${familyId}-c`, FERRY], [`${familyId}-p`, PASTEUR]]));
const schoolsOf = (familyId: string) => Object.fromEntries(Object.entries(SCHOOLS).filter(([childId]) => childId.startsWith(`${familyId}-`)));
/** What a request carries from the person stream: each child's school (R14), no QF. */
const PRICING = { quotientFamilial: null, children: Object.fromEntries(Object.entries(SCHOOLS).map(([childId, school]) => [childId, { school }])) };

async function town(seed: number) {
  const store = scheduled(new InMemoryEventStore(), seeded(seed));
  const catalogs = new CatalogSource(store, null);
  const readModels = new ReadModels({ store, file: ':memory:' });
  await readModels.start();
  const snapshots = new FamilySnapshots(readModels, store);
  const runner = new FamilyCommandRunner(store, { holdMinutes: 60 }, catalogs, snapshots, readModels, schoolsOf);
  const closures = new ServiceDayClosures(store, catalogs, readModels, snapshots, runner, schoolsOf);
  const ctx = (key: string) => ({ idempotencyKey: key, actor: SYSTEM_ACTOR });
  for (const familyId of FAMILIES) {
    await runner.run(familyId, familyCommand('RegisterFamily', { familyId, resident: true }, NOW), ctx(`register-${familyId}`));
    await runner.run(familyId, familyCommand('EnrolChild', { childId: `${familyId}-c`, activityIds: ['restauration'] }, NOW), ctx(`enrol-${familyId}`));
    await runner.run(familyId, familyCommand('EnrolChild', { childId: `${familyId}-p`, activityIds: ['restauration'] }, NOW), ctx(`enrol-p-${familyId}`));
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

  it(`closing a day for one school leaves no child of that school holding it, and every other child its reservation (${SCHOOL_ROUNDS} rounds)`, async () => {
    const schedules = fc.sample(fc.array(fc.nat(12), { minLength: 13, maxLength: 13 }), { numRuns: SCHOOL_ROUNDS, seed: 20261203 });
    const days = openDays(ROUNDS_PER_STORE);
    const wrong: string[] = [];
    for (let first = 0; first < SCHOOL_ROUNDS; first += ROUNDS_PER_STORE) {
      const t = await town(first + 7);
      try {
        for (let round = first; round < Math.min(SCHOOL_ROUNDS, first + ROUNDS_PER_STORE); round++) {
          const date = days[round - first];
          const [closureDelay, ...reservationDelays] = schedules[round];
          const children = FAMILIES.flatMap((familyId) => [`${familyId}-c`, `${familyId}-p`].map((childId) => ({ familyId, childId })));
          await Promise.all([
            (async () => {
              await yieldTimes(closureDelay);
              const closed = await t.closures.close({ activityId: 'restauration', date, reason: 'Sortie', school: FERRY }, NOW, t.ctx(`close-${round}`));
              if (isLeft(closed)) throw new Error(closed.left.message);
            })(),
            ...children.map(async ({ familyId, childId }, i) => {
              await yieldTimes(reservationDelays[i]);
              // DAY_CLOSED is an expected answer for a Ferry child when the closure came first.
              const reserved = await t.runner.run(
                familyId,
                familyCommand('RequestReservation', { orderId: `o-${round}-${childId}`, slots: [slot(childId, 'restauration', date)], pricing: PRICING }, NOW),
                t.ctx(`reserve-${round}-${childId}`),
              );
              if (isLeft(reserved) && (SCHOOLS[childId] === PASTEUR || reserved.left.code !== 'DAY_CLOSED')) wrong.push(`round ${round}: ${childId} refused ${reserved.left.code}`);
            }),
          ]);
          for (const familyId of FAMILIES) {
            const { state } = await t.snapshots.load(familyId);
            if (holdsDay(state, 'restauration', date, FERRY, schoolsOf(familyId))) wrong.push(`round ${round}: ${familyId}-c still holds ${date}`);
            if (!holdsDay(state, 'restauration', date, PASTEUR, schoolsOf(familyId))) wrong.push(`round ${round}: ${familyId}-p lost ${date}`);
          }
        }
      } finally {
        await t.close();
      }
    }
    expect(wrong).toEqual([]);
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
