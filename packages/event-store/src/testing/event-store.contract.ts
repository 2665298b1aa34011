/**
 * The contract every EventStore adapter must pass. Each adapter's spec calls
 * `describeEventStoreContract(name, factory)`. Stream ids are unique per run, and reads of `$all`
 * are filtered to this run's streams, so the suite also runs against a shared EventStoreDB server.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '../clock';
import { deterministicEventId } from '../event-id';
import { EventIdConflictError, InvalidAppendError, StreamDeletedError, WrongExpectedRevisionError } from '../event-store.errors';
import type { EventStore, NewEvent, StoredEvent, Subscription } from '../event-store.port';
import { verifyHashChain, verifyStore } from '../hash-chain';

export interface ContractFixture {
  readonly store: EventStore;
  /** Rewrites one stored event's data behind the store's back; omit when the store cannot be edited. */
  readonly tamper?: (streamId: string, revision: number, data: unknown) => Promise<void>;
  /** True when the store holds nothing but what this test wrote (then `verifyStore` and whole `$all` reads are checked). */
  readonly isolated: boolean;
  /** False when an event id already used in another stream cannot be detected (EventStoreDB). */
  readonly uniqueEventIdsAcrossStreams: boolean;
  /** False when a deleted stream's events stay in `readAll` until a later cleanup (EventStoreDB before scavenge). */
  readonly deleteRemovesFromAll: boolean;
  /**
   * False when `appendMany` writes its parts one after another rather than in one transaction
   * (EventStoreDB): subscribers may then get one append's events in several deliveries.
   */
  readonly atomicAppendMany?: boolean;
  readonly dispose: () => Promise<void>;
}

export type ContractFactory = (env: { readonly clock: Clock }) => Promise<ContractFixture>;

/** A clock that stands still until the test moves it. */
export function controllableClock(start = '2026-09-01T08:00:00.000Z'): Clock & { set(iso: string): void; advance(ms: number): void } {
  let now = new Date(start).getTime();
  const clock = (() => new Date(now)) as Clock & { set(iso: string): void; advance(ms: number): void };
  clock.set = (iso) => {
    now = new Date(iso).getTime();
  };
  clock.advance = (ms) => {
    now += ms;
  };
  return clock;
}

let counter = 0;
/** A UUID event id unique to this process (EventStoreDB needs UUIDs). */
export function newEventId(): string {
  return deterministicEventId(`contract-${process.pid}-${randomUUID()}`, counter++);
}

export function event(type: string, data: unknown, extra: Record<string, unknown> = {}): NewEvent {
  return { type, data, metadata: { eventId: newEventId(), schemaVersion: 1, ...extra } };
}

/** Collects subscription deliveries and lets a test await a count (no sleeps). */
export class Collector {
  readonly events: StoredEvent[] = [];
  private waiters: { count: number; resolve: () => void }[] = [];

  constructor(private readonly accept: (event: StoredEvent) => boolean) {}

  readonly handler = (batch: readonly StoredEvent[]): void => {
    for (const item of batch) if (this.accept(item)) this.events.push(item);
    this.waiters = this.waiters.filter((waiter) => {
      if (this.events.length < waiter.count) return true;
      waiter.resolve();
      return false;
    });
  };

  until(count: number): Promise<void> {
    if (this.events.length >= count) return Promise.resolve();
    return new Promise((resolve) => this.waiters.push({ count, resolve }));
  }
}

export function describeEventStoreContract(name: string, factory: ContractFactory): void {
  describe(`EventStore contract: ${name}`, () => {
    let fixture: ContractFixture;
    let store: EventStore;
    let clock: ReturnType<typeof controllableClock>;
    let run: string;
    const subscriptions: Subscription[] = [];
    const stream = (label: string) => `contract-${run}-${label}`;
    const ours = (item: StoredEvent) => item.streamId.startsWith(`contract-${run}-`);
    const readOurs = async (after = 0) => (await store.readAll({ after })).filter(ours);

    beforeEach(async () => {
      run = randomUUID().slice(0, 8);
      clock = controllableClock();
      fixture = await factory({ clock });
      store = fixture.store;
    });

    afterEach(async () => {
      await Promise.all(subscriptions.splice(0).map((subscription) => subscription.stop()));
      await fixture.dispose();
    });

    test('appends and reads a stream back with every stored field', async () => {
      const first = event('Opened', { amountCents: 350, note: 'café' }, { correlationId: 'c-1', causationId: 'k-1', actor: { userId: 'u-1', role: 'parent' } });
      const second = event('Closed', { at: '2026-09-01' });
      const result = await store.appendToStream(stream('a'), [first, second], { expectedRevision: 'no_stream' });
      const read = await store.readStream(stream('a'));

      expect(read.streamExists).toBe(true);
      expect(read.currentRevision).toBe(1);
      expect(read.events.map((e) => [e.type, e.revision, e.streamId])).toEqual([
        ['Opened', 0, stream('a')],
        ['Closed', 1, stream('a')],
      ]);
      const [a, b] = read.events;
      expect(a.data).toEqual({ amountCents: 350, note: 'café' });
      expect(a.metadata).toMatchObject({
        eventId: first.metadata.eventId,
        schemaVersion: 1,
        correlationId: 'c-1',
        causationId: 'k-1',
        actor: { userId: 'u-1', role: 'parent' },
        recordedAt: '2026-09-01T08:00:00.000Z',
        previousHash: '',
      });
      expect(a.metadata.hash).toMatch(/^[0-9a-f]{64}$/);
      expect(b.metadata.previousHash).toBe(a.metadata.hash);
      expect(b.position).toBeGreaterThan(a.position);
      expect(a.position).toBeGreaterThan(0);
      expect(result).toEqual({ nextExpectedRevision: 1, lastPosition: b.position, deduplicated: false });
    });

    test('recordedAt comes from the injected clock', async () => {
      clock.set('2027-01-15T10:30:00.000Z');
      await store.appendToStream(stream('clock'), [event('A', {})], { expectedRevision: 'any' });
      clock.advance(60_000);
      await store.appendToStream(stream('clock'), [event('B', {})], { expectedRevision: 0 });
      const { events } = await store.readStream(stream('clock'));
      expect(events.map((e) => e.metadata.recordedAt)).toEqual(['2027-01-15T10:30:00.000Z', '2027-01-15T10:31:00.000Z']);
    });

    test('a missing stream reads as empty with revision -1', async () => {
      expect(await store.readStream(stream('nothing'))).toEqual({ events: [], currentRevision: -1, streamExists: false });
    });

    test('readStream honours fromRevision and maxCount and still reports the head revision', async () => {
      await store.appendToStream(stream('r'), [0, 1, 2, 3, 4].map((n) => event('N', { n })), { expectedRevision: 'no_stream' });
      const slice = await store.readStream(stream('r'), { fromRevision: 1, maxCount: 2 });
      expect(slice.events.map((e) => e.data)).toEqual([{ n: 1 }, { n: 2 }]);
      expect(slice.currentRevision).toBe(4);
      const beyond = await store.readStream(stream('r'), { fromRevision: 9 });
      expect(beyond).toEqual({ events: [], currentRevision: 4, streamExists: true });
    });

    test('two writers with the same expected revision: exactly one wins', async () => {
      await store.appendToStream(stream('race'), [event('Start', {})], { expectedRevision: 'no_stream' });
      const outcomes = await Promise.allSettled([
        store.appendToStream(stream('race'), [event('Left', {})], { expectedRevision: 0 }),
        store.appendToStream(stream('race'), [event('Right', {})], { expectedRevision: 0 }),
      ]);
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      const loser = outcomes.find((o): o is PromiseRejectedResult => o.status === 'rejected');
      expect(loser?.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect(loser?.reason).toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: stream('race'), expected: 0, actual: 1 });
      const { events } = await store.readStream(stream('race'));
      expect(events).toHaveLength(2);
    });

    test('many writers racing to create a stream: exactly one wins', async () => {
      const outcomes = await Promise.allSettled([1, 2, 3, 4, 5].map((n) => store.appendToStream(stream('create'), [event('Created', { n })], { expectedRevision: 'no_stream' })));
      expect(outcomes.filter((o) => o.status === 'fulfilled')).toHaveLength(1);
      for (const outcome of outcomes) if (outcome.status === 'rejected') expect(outcome.reason).toBeInstanceOf(WrongExpectedRevisionError);
      expect((await store.readStream(stream('create'))).events).toHaveLength(1);
    });

    test('"no_stream" is refused on an existing stream and appends nothing', async () => {
      await store.appendToStream(stream('ns'), [event('A', {}), event('B', {})], { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      await expect(store.appendToStream(stream('ns'), [event('C', {})], { expectedRevision: 'no_stream' })).rejects.toMatchObject({
        code: 'WRONG_EXPECTED_REVISION',
        actual: 1,
      });
      await expect(store.appendToStream(stream('ns'), [event('C', {})], { expectedRevision: -1 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      expect((await store.readStream(stream('ns'))).events).toHaveLength(2);
      if (fixture.isolated) expect(await store.headPosition()).toBe(head);
    });

    test('"stream_exists", exact revisions and "any" are enforced', async () => {
      await expect(store.appendToStream(stream('se'), [event('A', {})], { expectedRevision: 'stream_exists' })).rejects.toMatchObject({ code: 'WRONG_EXPECTED_REVISION', actual: -1 });
      await expect(store.appendToStream(stream('se'), [event('A', {})], { expectedRevision: 0 })).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await store.appendToStream(stream('se'), [event('A', {})], { expectedRevision: 'any' });
      await store.appendToStream(stream('se'), [event('B', {})], { expectedRevision: 'stream_exists' });
      await expect(store.appendToStream(stream('se'), [event('C', {})], { expectedRevision: 0 })).rejects.toMatchObject({ actual: 1 });
      const result = await store.appendToStream(stream('se'), [event('C', {})], { expectedRevision: 1 });
      expect(result.nextExpectedRevision).toBe(2);
      expect((await store.readStream(stream('se'))).events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
    });

    test('re-appending a batch whose ids are all in the stream returns the original result and appends nothing, whatever the expected revision', async () => {
      const batch = [event('A', { n: 1 }), event('B', { n: 2 })];
      const original = await store.appendToStream(stream('dedupe'), batch, { expectedRevision: 'no_stream' });
      await store.appendToStream(stream('dedupe'), [event('C', {})], { expectedRevision: 1 });
      const head = await store.headPosition();
      for (const expectedRevision of ['no_stream', 'any', 'stream_exists', 1, 7] as const) {
        const replay = await store.appendToStream(stream('dedupe'), batch, { expectedRevision });
        expect(replay).toEqual({ nextExpectedRevision: original.nextExpectedRevision, lastPosition: original.lastPosition, deduplicated: true });
      }
      // A later part of the original batch alone is a replay too (ids in order, anywhere).
      expect(await store.appendToStream(stream('dedupe'), [batch[1]], { expectedRevision: 'any' })).toMatchObject({ deduplicated: true, nextExpectedRevision: 1 });
      expect((await store.readStream(stream('dedupe'))).events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      if (fixture.isolated) expect(await store.headPosition()).toBe(head);
    });

    test('appendMany writes every part at once: revisions and hash chains per stream, positions in the order of the parts', async () => {
      const start = fixture.isolated ? 0 : await store.headPosition();
      await store.appendToStream(stream('m-family'), [event('Registered', {})], { expectedRevision: 'no_stream' });
      clock.set('2027-03-01T09:00:00.000Z');
      const family = [event('Reserved', { n: 1 }), event('Held', { n: 2 })];
      const record = [event('Answered', { status: 201 })];
      const result = await store.appendMany([
        { streamId: stream('m-family'), events: family, expectedRevision: 0 },
        { streamId: stream('m-record'), events: record, expectedRevision: 'no_stream' },
      ]);

      const all = await readOurs(start);
      expect(all.map((e) => [e.type, e.streamId, e.revision])).toEqual([
        ['Registered', stream('m-family'), 0],
        ['Reserved', stream('m-family'), 1],
        ['Held', stream('m-family'), 2],
        ['Answered', stream('m-record'), 0],
      ]);
      for (let i = 1; i < all.length; i++) expect(all[i].position).toBeGreaterThan(all[i - 1].position);
      expect(all.slice(1).map((e) => e.metadata.recordedAt)).toEqual(['2027-03-01T09:00:00.000Z', '2027-03-01T09:00:00.000Z', '2027-03-01T09:00:00.000Z']);
      expect(result).toEqual({
        streams: [
          { nextExpectedRevision: 2, lastPosition: all[2].position, deduplicated: false },
          { nextExpectedRevision: 0, lastPosition: all[3].position, deduplicated: false },
        ],
        lastPosition: all[3].position,
        deduplicated: false,
      });
      expect(verifyHashChain((await store.readStream(stream('m-family'))).events)).toEqual({ ok: true, eventsChecked: 3 });
      expect(verifyHashChain((await store.readStream(stream('m-record'))).events)).toEqual({ ok: true, eventsChecked: 1 });
      if (fixture.isolated) expect(await verifyStore(store)).toEqual({ ok: true, eventsChecked: 4, streamsChecked: 2 });
    });

    test('appendMany is all or nothing: one part with a wrong expected revision (or a deleted stream) refuses the call, nothing written', async () => {
      await store.appendToStream(stream('a-family'), [event('Registered', {})], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream('a-record'), [event('Answered', {})], { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      const attempt = (recordRevision: 'no_stream' | 0) =>
        store.appendMany([
          { streamId: stream('a-family'), events: [event('Reserved', {})], expectedRevision: 0 },
          { streamId: stream('a-new'), events: [event('Other', {})], expectedRevision: 'no_stream' },
          { streamId: stream('a-record'), events: [event('Answered', {})], expectedRevision: recordRevision },
        ]);
      await expect(attempt('no_stream')).rejects.toBeInstanceOf(WrongExpectedRevisionError);
      await expect(attempt('no_stream')).rejects.toMatchObject({ code: 'WRONG_EXPECTED_REVISION', streamId: stream('a-record'), actual: 0 });
      await store.deleteStream(stream('a-gone'));
      await expect(
        store.appendMany([
          { streamId: stream('a-family'), events: [event('Reserved', {})], expectedRevision: 0 },
          { streamId: stream('a-gone'), events: [event('Late', {})], expectedRevision: 'any' },
        ]),
      ).rejects.toBeInstanceOf(StreamDeletedError);
      expect((await store.readStream(stream('a-family'))).events.map((e) => e.type)).toEqual(['Registered']);
      expect((await store.readStream(stream('a-new'))).streamExists).toBe(false);
      expect((await store.readStream(stream('a-record'))).events).toHaveLength(1);
      if (fixture.isolated) expect(await store.headPosition()).toBe(head);
      // The same call with the right revisions goes through.
      expect((await attempt(0)).streams.map((result) => result.nextExpectedRevision)).toEqual([1, 0, 1]);
    });

    test('appendMany retried with the same ids appends nothing and answers the original results; a part already stored is a replay beside new ones', async () => {
      const parts = [
        { streamId: stream('i-family'), events: [event('Reserved', { n: 1 }), event('Held', {})], expectedRevision: 'no_stream' as const },
        { streamId: stream('i-record'), events: [event('Answered', {})], expectedRevision: 'no_stream' as const },
      ];
      const original = await store.appendMany(parts);
      const head = await store.headPosition();
      const retried = await store.appendMany(parts);
      expect(retried).toEqual({ streams: original.streams.map((result) => ({ ...result, deduplicated: true })), lastPosition: original.lastPosition, deduplicated: true });
      if (fixture.isolated) expect(await store.headPosition()).toBe(head);

      const later = await store.appendMany([parts[0], { streamId: stream('i-other'), events: [event('Answered', {})], expectedRevision: 'no_stream' }]);
      expect(later.streams.map((result) => result.deduplicated)).toEqual([true, false]);
      expect(later.streams[0]).toEqual({ ...original.streams[0], deduplicated: true });
      expect(later.deduplicated).toBe(false);
      expect((await store.readStream(stream('i-family'))).events).toHaveLength(2);
      // Ids mixed with new ones in one part: a conflict, and the other parts are not written either.
      await expect(
        store.appendMany([
          { streamId: stream('i-fresh'), events: [event('New', {})], expectedRevision: 'no_stream' },
          { streamId: stream('i-family'), events: [parts[0].events[0], event('New', {})], expectedRevision: 'any' },
        ]),
      ).rejects.toBeInstanceOf(EventIdConflictError);
      expect((await store.readStream(stream('i-fresh'))).streamExists).toBe(false);
    });

    test('appendMany refuses bad input with a code and appends nothing', async () => {
      const head = await store.headPosition();
      const shared = event('S', {});
      const cases: [string, () => Promise<unknown>][] = [
        ['EMPTY_APPEND', () => store.appendMany([])],
        ['EMPTY_APPEND', () => store.appendMany([{ streamId: stream('b1'), events: [event('A', {})], expectedRevision: 'any' }, { streamId: stream('b2'), events: [], expectedRevision: 'any' }])],
        ['INVALID_STREAM_ID', () => store.appendMany([{ streamId: stream('b1'), events: [event('A', {})], expectedRevision: 'any' }, { streamId: '$all', events: [event('A', {})], expectedRevision: 'any' }])],
        ['DUPLICATE_STREAM_IN_APPEND', () => store.appendMany([{ streamId: stream('b1'), events: [event('A', {})], expectedRevision: 'any' }, { streamId: stream('b1'), events: [event('B', {})], expectedRevision: 'any' }])],
        ['DUPLICATE_EVENT_ID_IN_BATCH', () => store.appendMany([{ streamId: stream('b1'), events: [shared], expectedRevision: 'any' }, { streamId: stream('b2'), events: [shared], expectedRevision: 'any' }])],
      ];
      for (const [reason, attempt] of cases) {
        const error = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect(error).toMatchObject({ code: 'INVALID_APPEND', reason });
      }
      expect((await store.readStream(stream('b1'))).streamExists).toBe(false);
      if (fixture.isolated) expect(await store.headPosition()).toBe(head);
    });

    test('a subscriber gets every event of one appendMany, in the order of the parts (in one delivery when the store writes it at once)', async () => {
      const start = fixture.isolated ? 0 : await store.headPosition();
      await store.appendToStream(stream('s-before'), [event('Before', {})], { expectedRevision: 'no_stream' });
      const deliveries: string[][] = [];
      const collector = new Collector(ours);
      subscriptions.push(
        store.subscribeToAll({
          after: start,
          handler: (batch) => {
            const mine = batch.filter(ours);
            if (mine.length > 0) deliveries.push(mine.map((e) => e.type));
            collector.handler(batch);
          },
        }),
      );
      await collector.until(1);
      await store.appendMany([
        { streamId: stream('s-family'), events: [event('Reserved', {}), event('Held', {})], expectedRevision: 'no_stream' },
        { streamId: stream('s-record'), events: [event('Answered', {})], expectedRevision: 'no_stream' },
      ]);
      await collector.until(4);
      expect(collector.events.map((e) => e.type)).toEqual(['Before', 'Reserved', 'Held', 'Answered']);
      if (fixture.atomicAppendMany !== false) expect(deliveries.slice(1)).toEqual([['Reserved', 'Held', 'Answered']]);
    });

    test('a batch mixing existing and new ids is refused with EventIdConflictError and appends nothing', async () => {
      const first = event('A', {});
      await store.appendToStream(stream('mix'), [first, event('B', {})], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream(stream('mix'), [first, event('New', {})], { expectedRevision: 'any' })).rejects.toMatchObject({
        code: 'EVENT_ID_CONFLICT',
        eventId: first.metadata.eventId,
      });
      await expect(store.appendToStream(stream('mix'), [event('New', {}), first], { expectedRevision: 1 })).rejects.toBeInstanceOf(EventIdConflictError);
      expect((await store.readStream(stream('mix'))).events.map((e) => e.type)).toEqual(['A', 'B']);
    });

    test('ids out of their original order are not a replay', async () => {
      const a = event('A', {});
      const b = event('B', {});
      await store.appendToStream(stream('order'), [a, b], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream(stream('order'), [b, a], { expectedRevision: 'any' })).rejects.toBeInstanceOf(EventIdConflictError);
    });

    test('an event id is unique across the whole store', async () => {
      if (!fixture.uniqueEventIdsAcrossStreams) return; // documented limitation of this adapter
      const shared = event('A', {});
      await store.appendToStream(stream('one'), [shared], { expectedRevision: 'no_stream' });
      await expect(store.appendToStream(stream('two'), [shared], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ code: 'EVENT_ID_CONFLICT' });
      expect((await store.readStream(stream('two'))).streamExists).toBe(false);
    });

    test('bad input is refused with a code and appends nothing', async () => {
      await store.appendToStream(stream('bad'), [event('A', {})], { expectedRevision: 'no_stream' });
      const head = await store.headPosition();
      const duplicated = event('D', {});
      const cases: [string, () => Promise<unknown>][] = [
        ['EMPTY_APPEND', () => store.appendToStream(stream('bad'), [], { expectedRevision: 'any' })],
        ['INVALID_STREAM_ID', () => store.appendToStream('', [event('A', {})], { expectedRevision: 'any' })],
        ['INVALID_STREAM_ID', () => store.appendToStream('$system', [event('A', {})], { expectedRevision: 'any' })],
        ['INVALID_EXPECTED_REVISION', () => store.appendToStream(stream('bad'), [event('A', {})], { expectedRevision: -2 })],
        ['INVALID_EXPECTED_REVISION', () => store.appendToStream(stream('bad'), [event('A', {})], { expectedRevision: 'latest' as never })],
        ['INVALID_EVENT', () => store.appendToStream(stream('bad'), [{ type: '', data: {}, metadata: { eventId: newEventId(), schemaVersion: 1 } }], { expectedRevision: 'any' })],
        ['INVALID_EVENT', () => store.appendToStream(stream('bad'), [{ type: 'A', data: {}, metadata: { eventId: newEventId(), schemaVersion: 0 } }], { expectedRevision: 'any' })],
        ['INVALID_EVENT_ID', () => store.appendToStream(stream('bad'), [{ type: 'A', data: {}, metadata: { schemaVersion: 1 } as never }], { expectedRevision: 'any' })],
        ['DUPLICATE_EVENT_ID_IN_BATCH', () => store.appendToStream(stream('bad'), [duplicated, duplicated], { expectedRevision: 'any' })],
        ['RESERVED_METADATA', () => store.appendToStream(stream('bad'), [event('A', {}, { hash: 'forged' })], { expectedRevision: 'any' })],
        ['NOT_JSON', () => store.appendToStream(stream('bad'), [event('A', { amount: BigInt(1) })], { expectedRevision: 'any' })],
        ['NOT_JSON', () => store.appendToStream(stream('bad'), [event('A', { when: new Map() })], { expectedRevision: 'any' })],
        ['NOT_JSON', () => store.appendToStream(stream('bad'), [event('A', { ratio: Number.NaN })], { expectedRevision: 'any' })],
      ];
      for (const [reason, attempt] of cases) {
        const error = await attempt().then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(error).toBeInstanceOf(InvalidAppendError);
        expect(error).toMatchObject({ code: 'INVALID_APPEND', reason });
      }
      expect((await store.readStream(stream('bad'))).events).toHaveLength(1);
      if (fixture.isolated) expect(await store.headPosition()).toBe(head);
    });

    test('bad read options are refused with INVALID_READ', async () => {
      await expect(store.readStream(stream('x'), { fromRevision: -1 })).rejects.toMatchObject({ code: 'INVALID_READ' });
      await expect(store.readStream(stream('x'), { maxCount: 1.5 })).rejects.toMatchObject({ code: 'INVALID_READ' });
      await expect(store.readStream('', {})).rejects.toMatchObject({ code: 'INVALID_READ' });
      await expect(store.readAll({ after: -5 })).rejects.toMatchObject({ code: 'INVALID_READ' });
      await expect(store.readAll({ limit: Number.NaN })).rejects.toMatchObject({ code: 'INVALID_READ' });
      expect(() => store.subscribeToAll({ after: -1, handler: () => undefined })).toThrow(expect.objectContaining({ code: 'INVALID_READ' }));
    });

    test('global order: positions strictly increase in commit order across streams, and readAll pages', async () => {
      const start = fixture.isolated ? 0 : await store.headPosition();
      const written: string[] = [];
      for (let i = 0; i < 6; i++) {
        const item = event(`E${i}`, { i });
        written.push(item.metadata.eventId);
        await store.appendToStream(stream(`g${i % 3}`), [item], { expectedRevision: 'any' });
      }
      const all = await readOurs(start);
      expect(all.map((e) => e.metadata.eventId)).toEqual(written);
      for (let i = 1; i < all.length; i++) expect(all[i].position).toBeGreaterThan(all[i - 1].position);
      expect(await store.headPosition()).toBeGreaterThanOrEqual(all[all.length - 1].position);
      if (fixture.isolated) {
        const firstPage = await store.readAll({ after: 0, limit: 4 });
        const secondPage = await store.readAll({ after: firstPage[firstPage.length - 1].position, limit: 4 });
        expect([...firstPage, ...secondPage].map((e) => e.metadata.eventId)).toEqual(written);
        expect(secondPage).toHaveLength(2);
        expect(await store.readAll({ after: all[all.length - 1].position })).toEqual([]);
      }
    });

    test('concurrent appends to many streams all land, each stream in order', async () => {
      const start = fixture.isolated ? 0 : await store.headPosition();
      await Promise.all(
        [0, 1, 2, 3, 4].map(async (writer) => {
          for (let i = 0; i < 4; i++) await store.appendToStream(stream(`w${writer}`), [event('Tick', { writer, i })], { expectedRevision: i === 0 ? 'no_stream' : i - 1 });
        }),
      );
      const all = await readOurs(start);
      expect(all).toHaveLength(20);
      for (let writer = 0; writer < 5; writer++) {
        const mine = all.filter((e) => e.streamId === stream(`w${writer}`));
        expect(mine.map((e) => e.revision)).toEqual([0, 1, 2, 3]);
        expect(verifyHashChain(mine)).toEqual({ ok: true, eventsChecked: 4 });
      }
    });

    test('catch-up then live: existing events first, then new appends, in order, once each', async () => {
      const start = fixture.isolated ? 0 : await store.headPosition();
      await store.appendToStream(stream('live'), [event('A', {}), event('B', {})], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream('live2'), [event('C', {})], { expectedRevision: 'no_stream' });
      const collector = new Collector(ours);
      subscriptions.push(store.subscribeToAll({ after: start, handler: collector.handler, batchSize: 2 }));
      await collector.until(3);
      await store.appendToStream(stream('live'), [event('D', {})], { expectedRevision: 1 });
      await store.appendToStream(stream('live2'), [event('E', {}), event('F', {})], { expectedRevision: 0 });
      await collector.until(6);
      expect(collector.events.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D', 'E', 'F']);
      const positions = collector.events.map((e) => e.position);
      expect([...positions].sort((x, y) => x - y)).toEqual(positions);
      expect(new Set(positions).size).toBe(6);
    });

    test('checkpoint resume: a new subscription from the saved position gets only what follows', async () => {
      const start = fixture.isolated ? 0 : await store.headPosition();
      await store.appendToStream(stream('cp'), [event('A', {}), event('B', {}), event('C', {})], { expectedRevision: 'no_stream' });
      const first = new Collector(ours);
      const subscription = store.subscribeToAll({ after: start, handler: first.handler });
      await first.until(3);
      await subscription.stop();
      const checkpoint = first.events[first.events.length - 1].position;

      await store.appendToStream(stream('cp'), [event('D', {}), event('E', {})], { expectedRevision: 2 });
      const second = new Collector(ours);
      subscriptions.push(store.subscribeToAll({ after: checkpoint, handler: second.handler }));
      await second.until(2);
      await store.appendToStream(stream('cp'), [event('F', {})], { expectedRevision: 4 });
      await second.until(3);
      expect(first.events.map((e) => e.type)).toEqual(['A', 'B', 'C']);
      expect(second.events.map((e) => e.type)).toEqual(['D', 'E', 'F']);
    });

    test('a stopped subscription receives nothing more', async () => {
      const start = fixture.isolated ? 0 : await store.headPosition();
      const collector = new Collector(ours);
      const subscription = store.subscribeToAll({ after: start, handler: collector.handler });
      await store.appendToStream(stream('stop'), [event('A', {})], { expectedRevision: 'no_stream' });
      await collector.until(1);
      await subscription.stop();
      await store.appendToStream(stream('stop'), [event('B', {})], { expectedRevision: 0 });
      // A fresh subscription proves B is readable, and is the barrier: the stopped one had its chance.
      const witness = new Collector(ours);
      subscriptions.push(store.subscribeToAll({ after: collector.events[0].position, handler: witness.handler }));
      await witness.until(1);
      expect(collector.events.map((e) => e.type)).toEqual(['A']);
    });

    test('a handler that throws stops its subscription and reports the error', async () => {
      const start = fixture.isolated ? 0 : await store.headPosition();
      await store.appendToStream(stream('err'), [event('A', {})], { expectedRevision: 'no_stream' });
      const reported = new Promise<unknown>((resolve) => {
        subscriptions.push(
          store.subscribeToAll({
            after: start,
            handler: (batch) => {
              if (batch.some(ours)) throw new Error('projection bug');
            },
            onError: resolve,
          }),
        );
      });
      expect(await reported).toMatchObject({ message: 'projection bug' });
    });

    test('hash chains verify and a tampered event is located', async () => {
      await store.appendToStream(stream('h1'), [event('A', { n: 1 }), event('B', { n: 2 }), event('C', { n: 3 })], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream('h2'), [event('X', { n: 9 })], { expectedRevision: 'no_stream' });
      const h1 = (await store.readStream(stream('h1'))).events;
      expect(verifyHashChain(h1)).toEqual({ ok: true, eventsChecked: 3 });
      expect(verifyHashChain(await readOurs())).toEqual({ ok: true, eventsChecked: 4 });
      if (fixture.isolated) expect(await verifyStore(store)).toEqual({ ok: true, eventsChecked: 4, streamsChecked: 2 });
      if (!fixture.tamper) return;

      await fixture.tamper(stream('h1'), 1, { n: 2000 });
      const tampered = (await store.readStream(stream('h1'))).events;
      expect(verifyHashChain(tampered)).toMatchObject({ ok: false, streamId: stream('h1'), revision: 1, position: h1[1].position, reason: 'HASH_MISMATCH' });
      if (fixture.isolated) expect(await verifyStore(store)).toMatchObject({ ok: false, streamId: stream('h1'), revision: 1, reason: 'HASH_MISMATCH' });
    });

    test('deleting a stream (R17) removes it for good and leaves every other chain intact', async () => {
      await store.appendToStream(stream('family'), [event('FamilyRegistered', { familyId: 'f1' })], { expectedRevision: 'no_stream' });
      await store.appendToStream(stream('person'), [event('PersonRecorded', { name: 'Alice Martin' }), event('EmailChanged', { email: 'a@example.fr' })], {
        expectedRevision: 'no_stream',
      });
      await store.appendToStream(stream('family'), [event('ChildEnrolled', { childId: 'c1' })], { expectedRevision: 0 });

      await store.deleteStream(stream('person'));
      await store.deleteStream(stream('person')); // idempotent
      await expect(store.deleteStream('')).rejects.toMatchObject({ code: 'INVALID_APPEND', reason: 'INVALID_STREAM_ID' });

      expect(await store.readStream(stream('person'))).toEqual({ events: [], currentRevision: -1, streamExists: false });
      if (fixture.deleteRemovesFromAll) expect((await readOurs()).map((e) => e.type)).toEqual(['FamilyRegistered', 'ChildEnrolled']);
      expect(verifyHashChain((await store.readStream(stream('family'))).events)).toEqual({ ok: true, eventsChecked: 2 });
      if (fixture.isolated) {
        const verification = await verifyStore(store);
        if (fixture.deleteRemovesFromAll) expect(verification).toEqual({ ok: true, eventsChecked: 2, streamsChecked: 1 });
        else expect(verification).toMatchObject({ ok: true });
      }
      await expect(store.appendToStream(stream('person'), [event('PersonRecorded', {})], { expectedRevision: 'any' })).rejects.toBeInstanceOf(StreamDeletedError);
      await expect(store.appendToStream(stream('person'), [event('PersonRecorded', {})], { expectedRevision: 'no_stream' })).rejects.toMatchObject({ code: 'STREAM_DELETED' });
      await store.appendToStream(stream('family'), [event('PersonDataErased', { familyId: 'f1' })], { expectedRevision: 1 });
      expect(verifyHashChain((await store.readStream(stream('family'))).events)).toMatchObject({ ok: true });
    });
  });
}
