/**
 * When the store's subscription stops on an error (the store gave up reconnecting, or a read
 * failed), the ProjectorRunner says so in its status and subscribes again from its checkpoints
 * after a backoff, doubling up to a maximum. Callers waiting for a position keep waiting for the
 * restart (bounded by their own timeout) rather than failing at once.
 */
import Database from 'better-sqlite3';
import type { EventStore, SubscribeOptions } from '../event-store.port';
import { InMemoryEventStore } from '../memory/in-memory-event-store.adapter';
import { event } from '../testing/event-store.contract';
import { eventually, ManualTimers } from '../testing/manual-timers';
import { ProjectorRunner, type Projector } from './projector';

/** An in-memory store whose next subscriptions fail as soon as they start. */
function storeWithFailingSubscriptions(): { store: EventStore; failNext(count: number): void; close(): Promise<void> } {
  const inner = new InMemoryEventStore();
  let failures = 0;
  const store: EventStore = {
    kind: inner.kind,
    appendToStream: (streamId, events, options) => inner.appendToStream(streamId, events, options),
    appendMany: (appends) => inner.appendMany(appends),
    readStream: (streamId, options) => inner.readStream(streamId, options),
    readAll: (options) => inner.readAll(options),
    headPosition: () => inner.headPosition(),
    deleteStream: (streamId) => inner.deleteStream(streamId),
    close: () => inner.close(),
    subscribeToAll(options: SubscribeOptions) {
      if (failures === 0) return inner.subscribeToAll(options);
      failures--;
      queueMicrotask(() => options.onError?.(Object.assign(new Error('connection lost'), { code: 'SUBSCRIPTION_DROPPED' })));
      return { stop: async () => undefined };
    },
  };
  return { store, failNext: (count) => void (failures += count), close: () => inner.close() };
}

const counter: Projector = {
  name: 'counter',
  version: 1,
  init: (db) => db.exec('DROP TABLE IF EXISTS counter; CREATE TABLE counter (n INTEGER NOT NULL)'),
  apply: (db, events) => {
    for (const _ of events) db.prepare('INSERT INTO counter (n) VALUES (1)').run();
  },
};

describe('ProjectorRunner after a subscription failure', () => {
  test('restarts after the backoff, says so meanwhile, and serves the waiters instead of failing them', async () => {
    const { store, failNext, close } = storeWithFailingSubscriptions();
    const timers = new ManualTimers();
    const db = new Database(':memory:');
    const errors: unknown[] = [];
    const runner = new ProjectorRunner({ store, db, projectors: [counter], setTimer: timers.setTimer, retry: { initialMs: 1_000, maxMs: 8_000 }, onError: (_, error) => errors.push(error) });
    const { lastPosition } = await store.appendToStream('s', [event('A', {}), event('B', {})], { expectedRevision: 'no_stream' });

    failNext(2);
    runner.start();
    let outcome: unknown;
    void runner.waitFor(lastPosition, { timeoutMs: 60_000 }).then(
      () => (outcome = 'reached'),
      (error: unknown) => (outcome = error),
    );
    await eventually(() => errors.length === 1, 'the first failure reported');
    expect(runner.subscriptionStatus()).toEqual({ running: true, failing: true, lastFailure: 'connection lost', retryInMs: 1_000 });

    await timers.advance(1_000);
    await eventually(() => errors.length === 2, 'the second failure reported');
    expect(runner.subscriptionStatus()).toMatchObject({ failing: true, retryInMs: 2_000 });
    expect(outcome).toBeUndefined();

    await timers.advance(2_000);
    await eventually(() => outcome !== undefined, 'the waiter served');
    expect(outcome).toBe('reached');
    expect(runner.subscriptionStatus()).toEqual({ running: true, failing: false });
    await runner.stop();
    expect(runner.subscriptionStatus()).toEqual({ running: false, failing: false });
    db.close();
    await close();
  });

  test('stop() cancels a pending restart', async () => {
    const { store, failNext, close } = storeWithFailingSubscriptions();
    const timers = new ManualTimers();
    const db = new Database(':memory:');
    const runner = new ProjectorRunner({ store, db, projectors: [counter], setTimer: timers.setTimer, onError: () => undefined });
    failNext(1);
    runner.start();
    await eventually(() => runner.subscriptionStatus().failing, 'the failure seen');
    await runner.stop();
    expect(timers.pending()).toEqual([]);
    db.close();
    await close();
  });
});
