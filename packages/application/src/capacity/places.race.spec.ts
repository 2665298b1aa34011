/**
 * R23 and R13 under a race: fifty families ask for the last three places of a Wednesday at once,
 * in a seeded random interleaving (a few turns of the event loop before each store call). Exactly
 * three get a place, the others are told DAY_FULL and join the waiting list at once, each with
 * its own rank; the places stream holds exactly the day's places. A place given back is offered
 * to the first in line (a pending order held for a day), then, unconfirmed, to the second. Real runner, real read models, a SQLite
 * store file (and a PostgreSQL store, when a server answers), a municipality file with a capacity.
 * The same race against a store that ignores the places streams' expected revision (the
 * deliberately broken variant) finds the overbooking.
 */
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventStore } from '@periscol/event-store';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import { PostgresEventStore } from '@periscol/event-store/postgres';
import { describeWithPostgres, TEST_POSTGRES_URL } from '@periscol/event-store/testing';
import { randomBytes } from 'node:crypto';
import { Pool } from 'pg';
import { demoMunicipality, foldPlaces, readPlacesEvent } from '@periscol/reservation-domain';
import { familyCommand, slot } from '@periscol/reservation-domain/testing';
import { isLeft, isRight } from 'fp-ts/Either';
import { CatalogSource } from '../catalog/catalog-source';
import { WaitingList } from './waiting-list';
import { SYSTEM_ACTOR } from '../commands/command-context';
import { FamilyCommandRunner } from '../commands/family-command.runner';
import { ReadModels } from '../read-models/read-models';
import { FamilySnapshots } from '../snapshots/family-snapshots';
import { PLACES_STREAM_PREFIX, placesStreamId } from '../streams/stream-names';

const NOW = '2026-09-01T08:00:00.000Z';
const WEDNESDAY = '2026-09-16';
const PLACES = 10;
const EARLY = 7;
const RACING = 50;

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

/** The store with each call made to wait a few turns drawn from `random`; `broken`: places streams appended at 'any' revision. */
function scheduled(store: EventStore, random: () => number, broken: boolean): EventStore {
  const later = async <T>(call: () => Promise<T>): Promise<T> => {
    await yieldTimes(Math.floor(random() * 4));
    return call();
  };
  const loosen = (append: { readonly streamId: string; readonly expectedRevision: unknown }) => broken && append.streamId.startsWith(PLACES_STREAM_PREFIX);
  return {
    kind: store.kind,
    appendToStream: (id, events, options) => later(() => store.appendToStream(id, events, options)),
    appendMany: (appends) => later(() => store.appendMany(appends.map((append) => (loosen(append) ? { ...append, expectedRevision: 'any' as const } : append)))),
    readStream: (id, options) => later(() => store.readStream(id, options)),
    readAll: (options) => store.readAll(options),
    headPosition: () => later(() => store.headPosition()),
    subscribeToAll: (options) => store.subscribeToAll(options),
    deleteStream: (id) => store.deleteStream(id),
    close: () => store.close(),
  };
}

/** The demo town with `placesPerDay` places on its Wednesdays, written where CatalogSource reads a town's file. */
function municipalityFileWithCapacity(dir: string): string {
  const file = structuredClone(demoMunicipality) as unknown as { activities: Record<string, unknown>[] };
  file.activities = file.activities.map((activity) => (activity['id'] === 'mercredi' ? { ...activity, capacity: { placesPerDay: PLACES } } : activity));
  const target = path.join(dir, 'municipality.json');
  fs.writeFileSync(target, JSON.stringify(file));
  return target;
}

/** A store of one kind, on its own file or schema, and how to get rid of it. */
interface StoreUnderTest {
  readonly store: EventStore;
  dispose(): Promise<void>;
}
type OpenStore = (dir: string) => Promise<StoreUnderTest>;

const openSqlite: OpenStore = async (dir) => {
  const store = new SqliteEventStore(path.join(dir, 'events.sqlite'), { pollIntervalMs: 5 });
  return { store, dispose: () => store.close() };
};

const openPostgres: OpenStore = async () => {
  const schema = `periscol_test_places_${randomBytes(5).toString('hex')}`;
  const store = await PostgresEventStore.open({ connectionString: TEST_POSTGRES_URL, poolSize: 8, schema });
  return {
    store,
    dispose: async () => {
      await store.close();
      const admin = new Pool({ connectionString: TEST_POSTGRES_URL, max: 1 });
      await admin.query(`DROP SCHEMA IF EXISTS "${schema}" CASCADE`);
      await admin.end();
    },
  };
};

async function town(open: OpenStore, broken: boolean) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-places-race-'));
  const underTest = await open(dir);
  const raw = underTest.store;
  const store = scheduled(raw, seeded(20261203), broken);
  const readModels = new ReadModels({ store, file: ':memory:' });
  await readModels.start();
  const snapshots = new FamilySnapshots(readModels, store);
  const catalogs = new CatalogSource(store, municipalityFileWithCapacity(dir));
  const runner = new FamilyCommandRunner(store, { holdMinutes: 60 }, catalogs, snapshots, readModels, () => ({}));
  const waitingList = new WaitingList(store, catalogs, snapshots, runner, async () => ({ quotientFamilial: null }), () => ({}));
  const ctx = (key: string) => ({ idempotencyKey: key, actor: SYSTEM_ACTOR });
  const families = Array.from({ length: EARLY + RACING + 1 }, (_, i) => `f${i}`);
  for (const familyId of families) {
    await runner.run(familyId, familyCommand('RegisterFamily', { familyId, resident: true }, NOW), ctx(`register-${familyId}`));
    await runner.run(familyId, familyCommand('EnrolChild', { childId: `${familyId}-c`, activityIds: ['mercredi'] }, NOW), ctx(`enrol-${familyId}`));
  }
  const request = (familyId: string, orderId: string) =>
    runner.run(familyId, familyCommand('RequestReservation', { orderId, slots: [slot(`${familyId}-c`, 'mercredi', WEDNESDAY)], pricing: { quotientFamilial: null } }, NOW), ctx(`request-${familyId}-${orderId}`));
  const places = async () => {
    const { events } = await raw.readStream(placesStreamId({ activityId: 'mercredi', date: WEDNESDAY, site: null }));
    return { state: foldPlaces(events.map(readPlacesEvent)), events };
  };
  const placesTaken = async () => (await places()).state.holders.size;
  const join = (familyId: string, now = NOW) => waitingList.join(familyId, slot(`${familyId}-c`, 'mercredi', WEDNESDAY), now, ctx(`join-${familyId}`));
  const familyEvents = async (familyId: string) => (await raw.readStream(`family-${familyId}`)).events;
  const close = async () => {
    await readModels.stop();
    readModels.close();
    await underTest.dispose();
    fs.rmSync(dir, { recursive: true, force: true });
  };
  return { runner, waitingList, families, request, places, placesTaken, join, familyEvents, ctx, close };
}

function fiftyFamiliesOnTheLastThreePlaces(open: OpenStore): void {
  it('give exactly three of them a place; the others are told DAY_FULL and wait in line; a place given back is offered in order', async () => {
    const t = await town(open, false);
    try {
      for (const familyId of t.families.slice(0, EARLY)) expect(isRight(await t.request(familyId, 'early'))).toBe(true);
      expect(await t.placesTaken()).toBe(EARLY);

      const racing = t.families.slice(EARLY, EARLY + RACING);
      const answers = await Promise.all(racing.map((familyId) => t.request(familyId, 'race')));
      const winners = racing.filter((_, i) => isRight(answers[i]));
      expect(winners).toHaveLength(PLACES - EARLY);
      expect(answers.filter(isLeft).map((answer) => answer.left.code)).toEqual(Array(RACING - (PLACES - EARLY)).fill('DAY_FULL'));
      expect(await t.placesTaken()).toBe(PLACES);

      // The others join the waiting list at once: each gets its own rank, 1 to 47.
      const losers = racing.filter((_, i) => isLeft(answers[i]));
      const joined = await Promise.all(losers.map((familyId) => t.join(familyId)));
      const ranks = joined.map((answer) => (isRight(answer) ? answer.right.rank : answer.left.code));
      expect([...ranks].sort((a, b) => Number(a) - Number(b))).toEqual(losers.map((_, i) => i + 1));
      const line = (await t.places()).state.waiting.map((waiter) => waiter.familyId);
      const first = line[0];
      const second = line[1];
      expect(ranks[losers.indexOf(first)]).toBe(1);

      // A winner abandons its order: its place is offered to the first in line, held for a day by a pending order made for it.
      const abandoned = await t.runner.run(winners[0], familyCommand('AbandonOrder', { orderId: 'race' }, NOW), t.ctx(`abandon-${winners[0]}`));
      expect(isRight(abandoned)).toBe(true);
      const afterOffer = await t.places();
      expect(afterOffer.state.holders.size).toBe(PLACES);
      expect(afterOffer.state.waiting[0].familyId).toBe(second);
      const offered = afterOffer.events.filter((event) => event.type === 'PlaceOffered').map((event) => event.data as { familyId: string; orderId: string; expiresAt: string });
      expect(offered).toEqual([expect.objectContaining({ familyId: first, expiresAt: '2026-09-02T08:00:00.000Z' })]);
      const offerOrder = (await t.familyEvents(first)).find((event) => event.type === 'ReservationRequested');
      expect(offerOrder?.data).toEqual(expect.objectContaining({ orderId: offered[0].orderId, expiresAt: '2026-09-02T08:00:00.000Z' }));
      // A newcomer is not served before the line.
      const last = t.families[EARLY + RACING];
      expect(isLeft(await t.request(last, 'after'))).toBe(true);

      // Unconfirmed, the offer lapses at its end: the place goes to the second in line, who pays for it.
      const lapse = '2026-09-02T08:00:00.000Z';
      expect(isRight(await t.runner.run(first, familyCommand('ExpireOrder', { orderId: offered[0].orderId }, lapse), t.ctx(`expire-${first}`)))).toBe(true);
      const secondOffer = (await t.places()).events.filter((event) => event.type === 'PlaceOffered').map((event) => event.data as { familyId: string; orderId: string })[1];
      expect(secondOffer.familyId).toBe(second);
      const order = (await t.familyEvents(second)).find((event) => event.type === 'ReservationRequested')?.data as { orderId: string; amountDueCents: number };
      const paid = await t.runner.run(second, familyCommand('ConfirmPayment', { paymentId: 'pay-offer', orderId: order.orderId, provider: 'simulated', amountCents: order.amountDueCents }, '2026-09-02T09:00:00.000Z'), t.ctx(`pay-${second}`));
      expect(isRight(paid) && paid.right.events.map((event) => event.type)).toEqual(['PaymentConfirmed', 'ReservationConfirmed']);
      expect(await t.placesTaken()).toBe(PLACES);
    } finally {
      await t.close();
    }
  }, 120_000);

  it('against a store that ignores the places stream’s expected revision, the same race overbooks the day', async () => {
    const t = await town(open, true);
    try {
      for (const familyId of t.families.slice(0, EARLY)) await t.request(familyId, 'early');
      const racing = t.families.slice(EARLY, EARLY + RACING);
      const answers = await Promise.all(racing.map((familyId) => t.request(familyId, 'race')));
      expect(answers.filter(isRight).length).toBeGreaterThan(PLACES - EARLY);
      expect(await t.placesTaken()).toBeGreaterThan(PLACES);
    } finally {
      await t.close();
    }
  }, 120_000);
}

describe('fifty families on the last three places of a day, SQLite store (R23)', () => fiftyFamiliesOnTheLastThreePlaces(openSqlite));

describeWithPostgres('fifty families on the last three places of a day, PostgreSQL store (R23)', () => fiftyFamiliesOnTheLastThreePlaces(openPostgres));
