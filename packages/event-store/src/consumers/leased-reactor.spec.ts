import Database from 'better-sqlite3';
import type { StoredEvent } from '../event-store.port';
import { InMemoryEventStore } from '../memory';
import { event } from '../testing/event-store.contract';
import { ManualTimers } from '../testing/manual-timers';
import { LeasedReactor } from './leased-reactor';
import { ReactorRunner, type Reactor } from './reactor';

const START = Date.UTC(2026, 11, 3, 8, 0, 0);

/** A host: its own operations database (checkpoint), one reactor counting what it handled, its lease. */
function host(name: string, store: InMemoryEventStore, timers: ManualTimers, dead: { value: boolean }) {
  const handled: number[] = [];
  const reactor: Reactor = {
    name: 'tickets',
    canHandle: (stored: StoredEvent) => stored.type === 'PaymentConfirmed',
    react: async (stored) => void handled.push(stored.position),
  };
  const db = new Database(':memory:');
  const setTimer = (callback: () => void, delayMs: number) => timers.setTimer(() => dead.value || callback(), delayMs);
  const runner = new ReactorRunner({ store, db, reactor, setTimer });
  const leased = new LeasedReactor(runner, { store, name: 'tickets', holder: name, clock: () => new Date(START + timers.now()), ttlMs: 30_000, renewEveryMs: 10_000, setTimer });
  return { handled, runner, leased, db };
}

describe('LeasedReactor', () => {
  test('only the holder reacts; after a takeover the new holder starts at the position the old one recorded', async () => {
    const store = new InMemoryEventStore();
    const timers = new ManualTimers();
    const aDead = { value: false };
    const a = host('host-a', store, timers, aDead);
    const b = host('host-b', store, timers, { value: false });
    a.leased.start();
    await timers.advance(1);
    b.leased.start();
    for (let i = 0; i < 3; i++) await store.appendToStream(`family-${i}`, [event('PaymentConfirmed', { i })], { expectedRevision: 'no_stream' });
    await a.runner.settled({ timeoutMs: 2000 });
    await timers.advance(10_000); // host-a renews, recording the position reached
    aDead.value = true; // host-a stops answering (its runner may still be subscribed: it is a crash, not a stop)
    await a.runner.stop();

    await timers.advance(40_000);
    expect(b.leased.leaseStatus().held).toBe(true);
    await store.appendToStream('family-9', [event('PaymentConfirmed', { i: 9 })], { expectedRevision: 'no_stream' });
    await b.runner.settled({ timeoutMs: 2000 });

    const lastPosition = await store.headPosition();
    expect(a.handled).toHaveLength(3);
    expect(b.handled).toEqual([lastPosition]);
    await b.leased.stop();
    a.db.close();
    b.db.close();
  });
});
