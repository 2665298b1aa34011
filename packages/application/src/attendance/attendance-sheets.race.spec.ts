/**
 * R20 under a race: two agents point the same list on two tablets, each from the list as it was
 * before either saved. Sent in a random interleaving (a seeded schedule of yields before each
 * store call), the same child marked differently by both must end with exactly one mark — the
 * first saved — and the other agent refused ATTENDANCE_MARK_CHANGED (never a silent last write);
 * different children marked by each must both be kept (no lost update). Real runner, real read
 * models (SQLite in memory), the in-memory event store.
 */
import { InMemoryEventStore, type EventStore } from '@periscol/event-store';
import { familyCommand, slot } from '@periscol/reservation-domain/testing';
import type { AttendanceMarkInput, Refusal } from '@periscol/reservation-domain';
import fc from 'fast-check';
import { isLeft, type Either } from 'fp-ts/Either';
import { CatalogSource } from '../catalog/catalog-source';
import { FamilyCommandRunner } from '../commands/family-command.runner';
import { ReadModels } from '../read-models/read-models';
import { FamilySnapshots } from '../snapshots/family-snapshots';
import { attendanceStreamId } from '../streams/stream-names';
import { AttendanceSheets } from './attendance-sheets';

const BOOKED_AT = '2026-09-01T08:00:00.000Z';
const MONDAY = '2026-09-14';
const LUNCH = '2026-09-14T10:00:00.000Z';
const ROUNDS = 300;

async function yieldTimes(count: number): Promise<void> {
  for (let i = 0; i < count; i++) await new Promise<void>((resolve) => setImmediate(resolve));
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

/** The store, each call made to wait a few turns of the event loop drawn from `random`. */
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

/** Family f1 with two children, both holding Monday's canteen (paid by a goodwill credit). */
async function school(seed: number) {
  const raw = new InMemoryEventStore();
  const store = scheduled(raw, seeded(seed));
  const catalogs = new CatalogSource(store, null);
  const readModels = new ReadModels({ store, file: ':memory:' });
  await readModels.start();
  const snapshots = new FamilySnapshots(readModels, store);
  const runner = new FamilyCommandRunner(store, { holdMinutes: 60 }, catalogs, snapshots, readModels);
  const ctx = (key: string, userId = 'periscol') => ({ idempotencyKey: key, actor: { userId, role: 'agent' } });
  const run = async (command: Parameters<FamilyCommandRunner['run']>[1], key: string) => {
    const result = await runner.run('f1', command, ctx(key));
    if (isLeft(result)) throw new Error(result.left.message);
  };
  await run(familyCommand('RegisterFamily', { familyId: 'f1', resident: true }, BOOKED_AT), 'register');
  await run(familyCommand('EnrolChild', { childId: 'c1', activityIds: ['restauration'] }, BOOKED_AT), 'enrol-c1');
  await run(familyCommand('EnrolChild', { childId: 'c2', activityIds: ['restauration'] }, BOOKED_AT), 'enrol-c2');
  await run(familyCommand('GrantGoodwillCredit', { creditId: 'g1', amountCents: 10_000, reason: 'Avance' }, BOOKED_AT), 'credit');
  await run(familyCommand('RequestReservation', { orderId: 'o1', slots: [slot('c1', 'restauration', MONDAY), slot('c2', 'restauration', MONDAY)], pricing: { quotientFamilial: null } }, BOOKED_AT), 'reserve');
  await run(familyCommand('ConfirmWithCredit', { orderId: 'o1' }, BOOKED_AT), 'confirm');
  const sheets = new AttendanceSheets(store, catalogs, snapshots, readModels);
  const close = async () => {
    await readModels.stop();
    readModels.close();
    await store.close();
  };
  return { raw, sheets, ctx, close };
}

const mark = (childId: string, status: 'present' | 'absent'): AttendanceMarkInput => ({ familyId: 'f1', childId, status, expected: null });

describe('two agents saving the same list at once', () => {
  it(`keeps the first mark of a child and refuses the other agent's, in any interleaving (${ROUNDS} rounds)`, async () => {
    const schedules = fc.sample(fc.tuple(fc.nat(12), fc.nat(12)), { numRuns: ROUNDS, seed: 20261203 });
    const problems: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t = await school(round);
      try {
        const [delayA, delayB] = schedules[round];
        const save = async (delay: number, agent: string, status: 'present' | 'absent'): Promise<Either<Refusal, unknown>> => {
          await yieldTimes(delay);
          return t.sheets.mark(MONDAY, 'restauration', [mark('c1', status)], LUNCH, t.ctx(`${agent}-${round}`, agent));
        };
        const [a, b] = await Promise.all([save(delayA, 'agent-a', 'present'), save(delayB, 'agent-b', 'absent')]);
        const refused = [a, b].filter(isLeft).map((result) => result.left.code);
        const { events } = await t.raw.readStream(attendanceStreamId('restauration', MONDAY));
        const marks = await t.sheets.marks(MONDAY, 'restauration');
        if (events.length !== 1 || refused.length !== 1 || refused[0] !== 'ATTENDANCE_MARK_CHANGED') {
          problems.push(`round ${round}: ${events.length} mark(s) recorded, refusals ${JSON.stringify(refused)}`);
        } else if (marks[0]?.agentId !== (isLeft(a) ? 'agent-b' : 'agent-a')) {
          problems.push(`round ${round}: the mark kept is not the one saved first`);
        }
      } finally {
        await t.close();
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);

  it(`keeps both agents' marks of different children, in any interleaving (${ROUNDS} rounds)`, async () => {
    const schedules = fc.sample(fc.tuple(fc.nat(12), fc.nat(12)), { numRuns: ROUNDS, seed: 20261204 });
    const problems: string[] = [];
    for (let round = 0; round < ROUNDS; round++) {
      const t = await school(round);
      try {
        const [delayA, delayB] = schedules[round];
        const results = await Promise.all([
          yieldTimes(delayA).then(() => t.sheets.mark(MONDAY, 'restauration', [mark('c1', 'present')], LUNCH, t.ctx(`a-${round}`, 'agent-a'))),
          yieldTimes(delayB).then(() => t.sheets.mark(MONDAY, 'restauration', [mark('c2', 'absent')], LUNCH, t.ctx(`b-${round}`, 'agent-b'))),
        ]);
        const marks = (await t.sheets.marks(MONDAY, 'restauration')).map((m) => `${m.childId}:${m.status}:${m.agentId}`);
        if (results.some(isLeft) || marks.join() !== 'c1:present:agent-a,c2:absent:agent-b') problems.push(`round ${round}: ${marks.join()}`);
      } finally {
        await t.close();
      }
    }
    expect(problems).toEqual([]);
  }, 300_000);
});
