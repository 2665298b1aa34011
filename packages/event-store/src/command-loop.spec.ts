import { Either, isLeft, isRight, left, right } from 'fp-ts/Either';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { Decider, handleCommand, HandleCommandOptions } from './command-loop';
import { deterministicEventId } from './event-id';
import { WrongExpectedRevisionError } from './event-store.errors';
import type { EventStore, StoredEvent } from './event-store.port';
import { verifyStore } from './hash-chain';
import { InMemoryEventStore } from './memory/in-memory-event-store.adapter';
import { SqliteEventStore } from './sqlite/sqlite-event-store.adapter';
import { controllableClock, event } from './testing/event-store.contract';

type Command = { type: 'Increment' } | { type: 'Book'; seat: string } | { type: 'Nothing' };
type Ev = { type: 'Incremented'; data: { value: number } } | { type: 'SeatBooked'; data: { seat: string } };
interface State {
  count: number;
  seats: readonly string[];
}
type Refusal = { code: 'SEAT_TAKEN'; seat: string };

/** Reads stored events; `Counted` is the v1 name of `Incremented`, upcast when read. */
const upcast = (stored: StoredEvent): Ev => (stored.type === 'Counted' ? { type: 'Incremented', data: { value: (stored.data as { n: number }).n } } : (stored as unknown as Ev));

const decider: Decider<Command, State, Ev, Refusal, Ev> = {
  initialState: () => ({ count: 0, seats: [] }),
  evolve: (state, e) => {
    switch (e.type) {
      case 'Incremented':
        return { ...state, count: e.data.value };
      case 'SeatBooked':
        return { ...state, seats: [...state.seats, e.data.seat] };
      default:
        return state;
    }
  },
  decide: (command, state): Either<Refusal, readonly Ev[]> | readonly Ev[] => {
    switch (command.type) {
      case 'Increment':
        return [{ type: 'Incremented', data: { value: state.count + 1 } }];
      case 'Book':
        return state.seats.includes(command.seat) ? left({ code: 'SEAT_TAKEN', seat: command.seat }) : right([{ type: 'SeatBooked', data: { seat: command.seat } }]);
      case 'Nothing':
        return [];
    }
  },
};

const immediate = () => Promise.resolve();
const base = { schemaVersionOf: (type: string) => (type === 'Incremented' ? 2 : 1), upcast, sleep: immediate };
const run = (store: EventStore, command: Command, extra: Partial<HandleCommandOptions<Command, Ev, State, Ev>> = {}) =>
  handleCommand(store, decider, { ...base, streamId: 'family-1', command, ...extra });

function rightOf<T>(either: Either<unknown, T>): T {
  if (isLeft(either)) throw new Error(`expected Right, got Left ${JSON.stringify(either.left)}`);
  return either.right;
}

describe('handleCommand', () => {
  let store: InMemoryEventStore;
  beforeEach(() => {
    store = new InMemoryEventStore({ clock: controllableClock() });
  });

  test('alsoAppend: other streams written in the same atomic append, from the decided state and events', async () => {
    const answer = (state: State, events: readonly Ev[]) => [
      { streamId: 'answer-k1', events: [event('Answered', { seatsBefore: state.seats.length, decided: events.map((e) => e.type) })], expectedRevision: 'no_stream' as const },
    ];
    const result = rightOf(await run(store, { type: 'Book', seat: 'A1' }, { idempotencyKey: 'k1', alsoAppend: answer }));
    expect(result.alsoAppended).toBe(true);
    const all = await store.readAll();
    expect(all.map((e) => [e.streamId, e.type])).toEqual([
      ['family-1', 'SeatBooked'],
      ['answer-k1', 'Answered'],
    ]);
    expect(all[1].data).toEqual({ seatsBefore: 0, decided: ['SeatBooked'] });
    // Nothing to append (refused, no events, already done): nor is the other stream written.
    expect(isLeft(await run(store, { type: 'Book', seat: 'A1' }, { alsoAppend: answer }))).toBe(true);
    expect(rightOf(await run(store, { type: 'Book', seat: 'A1' }, { idempotencyKey: 'k1', alsoAppend: answer }))).toMatchObject({ deduplicated: true, alsoAppended: false });
    expect(await store.readAll()).toHaveLength(2);
  });

  test('alsoAppend: a conflict on the other stream is not retried and nothing is appended', async () => {
    await store.appendToStream('answer-k2', [event('Answered', {})], { expectedRevision: 'no_stream' });
    let calls = 0;
    const answer = () => {
      calls += 1;
      return [{ streamId: 'answer-k2', events: [event('Answered', {})], expectedRevision: 'no_stream' as const }];
    };
    await expect(run(store, { type: 'Book', seat: 'B1' }, { idempotencyKey: 'k2', alsoAppend: answer })).rejects.toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: 'answer-k2' });
    expect(calls).toBe(1);
    expect((await store.readStream('family-1')).streamExists).toBe(false);
  });

  test('appends the decided events with stamped metadata and returns them, the state and the revision', async () => {
    const result = rightOf(
      await run(store, { type: 'Book', seat: 'A1' }, { idempotencyKey: 'key-1', metadata: { correlationId: 'corr', causationId: 'cause', actor: { userId: 'u1', role: 'parent' }, extra: { tenant: 'demo' } } }),
    );
    expect(result.events).toHaveLength(1);
    expect(result.events[0]).toMatchObject({
      type: 'SeatBooked',
      data: { seat: 'A1' },
      revision: 0,
      metadata: { eventId: deterministicEventId('family-1:key-1', 0), schemaVersion: 1, correlationId: 'corr', causationId: 'cause', actor: { userId: 'u1', role: 'parent' }, tenant: 'demo' },
    });
    expect(result.events[0].metadata.hash).toMatch(/^[0-9a-f]{64}$/);
    expect(result).toMatchObject({ state: { seats: ['A1'] }, nextExpectedRevision: 0, deduplicated: false, attempts: 1 });
    expect((await store.readStream('family-1')).events).toEqual(result.events);
  });

  test('a refusal is a Left and appends nothing', async () => {
    await run(store, { type: 'Book', seat: 'A1' });
    const refused = await run(store, { type: 'Book', seat: 'A1' });
    expect(refused).toEqual(left({ code: 'SEAT_TAKEN', seat: 'A1' }));
    expect((await store.readStream('family-1')).events).toHaveLength(1);
  });

  test('no events, no append', async () => {
    const append = jest.spyOn(store, 'appendToStream');
    const result = rightOf(await run(store, { type: 'Nothing' }));
    expect(result).toMatchObject({ events: [], nextExpectedRevision: -1, deduplicated: false });
    expect(append).not.toHaveBeenCalled();
  });

  test('without a key, ids are fresh UUIDs and the correlation id defaults to one command id', async () => {
    const first = rightOf(await run(store, { type: 'Increment' }));
    const second = rightOf(await run(store, { type: 'Increment' }));
    expect(first.events[0].metadata.eventId).not.toBe(second.events[0].metadata.eventId);
    expect(first.events[0].metadata.correlationId).toBe(first.events[0].metadata.causationId);
    expect(first.events[0].metadata.schemaVersion).toBe(2);
  });

  test('the same idempotency key twice returns the original events and appends nothing', async () => {
    const first = rightOf(await run(store, { type: 'Increment' }, { idempotencyKey: 'k' }));
    await run(store, { type: 'Increment' }, { idempotencyKey: 'other' });
    const append = jest.spyOn(store, 'appendToStream');
    const again = rightOf(await run(store, { type: 'Increment' }, { idempotencyKey: 'k' }));
    expect(append).not.toHaveBeenCalled();
    expect(again.deduplicated).toBe(true);
    expect(again.events).toEqual(first.events);
    expect(again.state.count).toBe(2);
    expect((await store.readStream('family-1')).events).toHaveLength(2);
  });

  test('older event versions are upcast before evolve', async () => {
    await store.appendToStream('family-1', [event('Counted', { n: 41 })], { expectedRevision: 'no_stream' });
    const result = rightOf(await run(store, { type: 'Increment' }));
    expect(result.events[0].data).toEqual({ value: 42 });
    expect(result.state.count).toBe(42);
  });

  test('on a conflict it backs off, re-reads, re-decides on the new state and appends', async () => {
    const delays: number[] = [];
    let interfere = 2;
    const real = store.appendToStream.bind(store);
    jest.spyOn(store, 'appendToStream').mockImplementation(async (streamId, events, options) => {
      if (interfere-- > 0) await real(streamId, [event('SeatBooked', { seat: `X${interfere}` })], { expectedRevision: 'any' });
      return real(streamId, events, options);
    });
    const result = await run(store, { type: 'Book', seat: 'X0' }, { sleep: async (ms) => void delays.push(ms), random: () => 0.5 });
    // The second interfering writer took seat X0: re-deciding on fresh state refuses.
    expect(result).toEqual(left({ code: 'SEAT_TAKEN', seat: 'X0' }));
    expect(delays).toEqual([2.5, 5]);

    const booked = rightOf(await run(store, { type: 'Book', seat: 'B7' }));
    expect(booked.attempts).toBe(1);
  });

  test('gives up with WrongExpectedRevisionError after the configured retries', async () => {
    const real = store.appendToStream.bind(store);
    let attempts = 0;
    jest.spyOn(store, 'appendToStream').mockImplementation(async (streamId, events, options) => {
      attempts++;
      await real(streamId, [event('SeatBooked', { seat: `other-${attempts}` })], { expectedRevision: 'any' });
      return real(streamId, events, options);
    });
    await expect(run(store, { type: 'Book', seat: 'Z' }, { retries: 3 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
    expect(attempts).toBe(4);
  });
});

describe('handleCommand racing on SQLite', () => {
  let dir: string;
  let store: SqliteEventStore;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-loop-'));
    store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
  });
  afterEach(async () => {
    await store.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  test('concurrent commands on one stream lose no update: every increment lands once, in order', async () => {
    const results = await Promise.all(Array.from({ length: 8 }, () => run(store, { type: 'Increment' }, { retries: 10 })));
    expect(results.every(isRight)).toBe(true);
    const values = (await store.readStream('family-1')).events.map((e) => (e.data as { value: number }).value);
    expect(values).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    // They really raced: most needed more than one attempt.
    expect(results.map((r) => rightOf(r).attempts).sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
    expect(await verifyStore(store)).toMatchObject({ ok: true, eventsChecked: 8 });
  });

  test('concurrent bookings of one seat: exactly one wins, the others are refused (never double-booked)', async () => {
    const results = await Promise.all(Array.from({ length: 10 }, (_, i) => run(store, { type: 'Book', seat: 'A1' }, { idempotencyKey: `req-${i}` })));
    expect(results.filter(isRight)).toHaveLength(1);
    expect(results.filter(isLeft).map((r) => (isLeft(r) ? r.left.code : ''))).toEqual(Array(9).fill('SEAT_TAKEN'));
    expect((await store.readStream('family-1')).events).toHaveLength(1);
  });

  test('the same request sent twice at once is applied once; the duplicate gets the original events', async () => {
    const [a, b] = await Promise.all([run(store, { type: 'Increment' }, { idempotencyKey: 'same' }), run(store, { type: 'Increment' }, { idempotencyKey: 'same' })]);
    const results = [rightOf(a), rightOf(b)];
    expect(results.map((r) => r.deduplicated).sort()).toEqual([false, true]);
    expect(results[0].events).toEqual(results[1].events);
    expect((await store.readStream('family-1')).events).toHaveLength(1);
  });
});
