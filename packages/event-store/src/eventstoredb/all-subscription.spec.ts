/**
 * A subscription to `$all` outlives the connection: dropped (unavailable, cancelled, not leader,
 * deadline exceeded), ended by the server or silently stalled, it resumes after a backoff from
 * the last event it delivered, nothing twice and nothing skipped. Any other failure stops it and
 * is reported once. Whatever ends a client call, the call is cancelled.
 */
import { Collector, event } from '../testing/event-store.contract';
import { eventually, ManualTimers } from '../testing/manual-timers';
import type { EventStoreDbEventStoreOptions } from './eventstoredb.options';
import { onFakeOnly } from './eventstoredb-servers.fixture';

const RETRY = { initialMs: 100, maxMs: 1_000, maxAttempts: 4 };

onFakeOnly('EventStoreDB subscription to $all', (server) => {
  function setup(options: EventStoreDbEventStoreOptions = {}) {
    const timers = new ManualTimers();
    const store = server().store({ setTimer: timers.setTimer, subscriptionRetry: RETRY, watchdogIntervalMs: 10_000, ...options });
    const stream = server().stream('s');
    const errors: unknown[] = [];
    const collector = new Collector(server().ours);
    let revision = -1;
    const append = async (...types: string[]) => {
      const result = await store.appendToStream(stream, types.map((type) => event(type, {})), { expectedRevision: revision === -1 ? 'no_stream' : revision });
      revision = result.nextExpectedRevision;
      return result;
    };
    const subscribe = () => store.subscribeToAll({ after: 0, handler: collector.handler, onError: (error) => errors.push(error) });
    return { timers, store, errors, collector, append, subscribe };
  }

  test('catching up, it hands over pages of at most batchSize events', async () => {
    const { store, append } = setup();
    for (let n = 0; n < 10; n++) await append(`E${n}`);
    const sizes: number[] = [];
    const collector = new Collector(server().ours);
    const subscription = store.subscribeToAll({ after: 0, batchSize: 3, handler: (batch) => void (sizes.push(batch.length), collector.handler(batch)) });
    await eventually(() => collector.events.length === 10, 'every event delivered');
    await subscription.stop();
    expect(Math.max(...sizes)).toBeLessThanOrEqual(3);
    expect(collector.events.map((e) => e.type)).toEqual(['E0', 'E1', 'E2', 'E3', 'E4', 'E5', 'E6', 'E7', 'E8', 'E9']);
  });

  test.each(['unavailable', 'cancelled', 'not-leader', 'deadline-exceeded'] as const)('dropped with %s, it resumes after the backoff from the last event delivered', async (error) => {
    const { timers, errors, collector, append, subscribe } = setup();
    await append('A', 'B');
    const subscription = subscribe();
    await eventually(() => collector.events.length === 2, 'A and B delivered');

    server().fake.dropSubscriptions(error);
    await append('C');
    await timers.advance(RETRY.initialMs - 1);
    expect(collector.events).toHaveLength(2);
    await timers.advance(1);
    await eventually(() => collector.events.length === 3, 'C delivered after the backoff');
    await append('D');
    await eventually(() => collector.events.length === 4, 'D delivered live');

    expect(collector.events.map((e) => e.type)).toEqual(['A', 'B', 'C', 'D']);
    expect(errors).toEqual([]);
    await subscription.stop();
    expect(server().fake.openCalls()).toBe(0);
  });

  test('ended by the server without an error, it resumes as well', async () => {
    const { timers, errors, collector, append, subscribe } = setup();
    await append('A');
    subscribe();
    await eventually(() => collector.events.length === 1, 'A delivered');
    server().fake.dropSubscriptions('end');
    await append('B');
    await timers.advance(RETRY.initialMs);
    await eventually(() => collector.events.length === 2, 'B delivered after the server ended the call');
    expect(errors).toEqual([]);
  });

  test('stalled without an error, the watchdog sees the head move past it and restarts it', async () => {
    const { timers, collector, append, subscribe } = setup();
    await append('A');
    subscribe();
    await eventually(() => collector.events.length === 1, 'A delivered');
    server().fake.stallSubscriptions();
    await append('B');

    await timers.advance(10_000); // first look: the head is ahead, maybe only in flight
    expect(collector.events).toHaveLength(1);
    await timers.advance(10_000); // second look: still not delivered, the call is stalled
    await timers.advance(RETRY.initialMs);
    await eventually(() => collector.events.length === 2, 'B delivered after the restart');
    expect(collector.events.map((e) => e.type)).toEqual(['A', 'B']);
  });

  test('a handler that throws stops it, is reported once, and its call is cancelled', async () => {
    const { store, append } = setup();
    await append('A', 'B');
    const errors: unknown[] = [];
    store.subscribeToAll({
      after: 0,
      handler: (batch) => {
        if (batch.some(server().ours)) throw new Error('projection bug');
      },
      onError: (error) => errors.push(error),
    });
    await eventually(() => errors.length === 1, 'the error reported');
    expect(errors).toEqual([expect.objectContaining({ message: 'projection bug' })]);
    await eventually(() => server().fake.openCalls() === 0, 'no call left open');
  });

  test('a failure that is not a lost connection stops it and is reported once', async () => {
    const { timers, errors, collector, append, subscribe } = setup();
    await append('A');
    subscribe();
    await eventually(() => collector.events.length === 1, 'A delivered');
    server().fake.dropSubscriptions('access-denied');
    await eventually(() => errors.length === 1, 'the error reported');
    await append('B');
    await timers.advance(RETRY.maxMs * 10);
    expect(errors).toEqual([expect.objectContaining({ type: 'access-denied' })]);
    expect(collector.events).toHaveLength(1);
    expect(server().fake.openCalls()).toBe(0);
  });

  test('after maxAttempts failed reconnections in a row it gives up with SUBSCRIPTION_DROPPED', async () => {
    const { timers, errors, collector, append, subscribe } = setup();
    await append('A');
    subscribe();
    await eventually(() => collector.events.length === 1, 'A delivered');
    for (let i = 0; i < RETRY.maxAttempts + 1; i++) server().fake.failNext({ operation: 'readAll', error: 'unavailable' });
    server().fake.dropSubscriptions('unavailable');
    for (let i = 0; i < RETRY.maxAttempts + 1 && errors.length === 0; i++) await timers.advance(RETRY.maxMs);
    await eventually(() => errors.length === 1, 'the subscription given up');
    expect(errors[0]).toMatchObject({ code: 'SUBSCRIPTION_DROPPED', cause: expect.objectContaining({ type: 'unavailable' }) });
    expect(server().fake.openCalls()).toBe(0);
  });

  test('a live call that fails at once after each reconnection is given up after maxAttempts, with growing delays', async () => {
    const { timers, errors, collector, append, subscribe } = setup();
    await append('A');
    subscribe();
    await eventually(() => collector.events.length === 1, 'A delivered');
    for (let i = 0; i < RETRY.maxAttempts; i++) server().fake.failNext({ operation: 'subscribe', error: 'unavailable' });
    server().fake.dropSubscriptions('unavailable');
    await eventually(() => server().fake.liveSubscriptions() === 0, 'the dropped call closed');
    for (const delay of [100, 200, 400, 800]) {
      expect(errors).toEqual([]);
      await eventually(() => timers.pending().includes(delay), `a retry in ${delay} ms`);
      await timers.advance(delay);
    }
    await eventually(() => errors.length === 1, 'the subscription given up');
    expect(errors[0]).toMatchObject({ code: 'SUBSCRIPTION_DROPPED' });
  });

  test('stop() while waiting to reconnect ends it at once, with no call open', async () => {
    const { timers, collector, append, subscribe } = setup();
    await append('A');
    const subscription = subscribe();
    await eventually(() => collector.events.length === 1, 'A delivered');
    server().fake.dropSubscriptions('unavailable');
    await timers.advance(1);
    await subscription.stop();
    await append('B');
    await timers.advance(RETRY.maxMs);
    expect(collector.events).toHaveLength(1);
    expect(server().fake.openCalls()).toBe(0);
    expect(timers.pending()).toEqual([]);
  });
});
