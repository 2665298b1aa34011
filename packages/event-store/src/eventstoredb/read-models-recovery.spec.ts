/**
 * The fault the read models must survive: the subscription feeding a ProjectorRunner is dropped
 * while commands append. The runner catches up once the adapter has reconnected, every event
 * applied once, and a caller waiting for its write (read-your-writes) waits no longer than the
 * backoff, instead of timing out into a 503.
 */
import Database from 'better-sqlite3';
import { ProjectorRunner } from '../consumers/projector';
import type { Projector } from '../consumers/projector';
import { event } from '../testing/event-store.contract';
import { eventually, ManualTimers } from '../testing/manual-timers';
import { onFakeOnly } from './eventstoredb-servers.fixture';

const BACKOFF_MS = 250;

const tally: Projector = {
  name: 'tally',
  version: 1,
  init: (db) => db.exec('DROP TABLE IF EXISTS tally; CREATE TABLE tally (event_id TEXT PRIMARY KEY, n INTEGER NOT NULL)'),
  apply: (db, events) => {
    const insert = db.prepare('INSERT INTO tally (event_id, n) VALUES (?, ?)');
    for (const item of events) insert.run(item.metadata.eventId, (item.data as { n: number }).n);
  },
};

onFakeOnly('read models over EventStoreDB', (server) => {
  test('dropped mid-load: they catch up after the reconnection and no waitFor is blocked longer than the backoff', async () => {
    const timers = new ManualTimers();
    const store = server().store({ setTimer: timers.setTimer, subscriptionRetry: { initialMs: BACKOFF_MS, maxMs: 2_000, maxAttempts: 5 } });
    const db = new Database(':memory:');
    const runner = new ProjectorRunner({ store, db, projectors: [tally], setTimer: timers.setTimer });
    runner.start();
    const count = () => (db.prepare('SELECT COUNT(*) AS n FROM tally').get() as { n: number }).n;

    let applied = 0;
    const failures: unknown[] = [];
    for (let n = 0; n < 20; n++) {
      if (n === 10) server().fake.dropSubscriptions('unavailable');
      const result = await store.appendToStream(server().stream(`family-${n % 4}`), [event('Counted', { n })], { expectedRevision: 'any' });
      void runner.waitFor(result.lastPosition, { timeoutMs: 15_000 }).then(
        () => void applied++,
        (error: unknown) => void failures.push(error),
      );
      if (n < 10) await eventually(() => applied === n + 1, `event ${n} applied before the drop`);
    }
    expect(count()).toBe(10);

    await timers.advance(BACKOFF_MS);
    await eventually(() => applied + failures.length === 20, 'every waitFor settled');

    expect(failures).toEqual([]);
    expect(timers.now()).toBe(BACKOFF_MS);
    expect(count()).toBe(20);
    expect(runner.status()).toEqual([{ name: 'tally', version: 1, position: (await store.headPosition()) }]);
    await runner.stop();
    db.close();
  });
});
