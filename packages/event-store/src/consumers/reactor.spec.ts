import Database from 'better-sqlite3';
import type { StoredEvent } from '../event-store.port';
import { InMemoryEventStore } from '../memory/in-memory-event-store.adapter';
import { event } from '../testing/event-store.contract';
import { CheckpointTable } from './checkpoints';
import { ReactorWaitTimeoutError } from './consumer.errors';
import { ReactorRunner, type Reactor, type ReactorFailure, type ReactorRunnerOptions, type SetTimer } from './reactor';

interface ManualTimer {
  readonly delayMs: number;
  readonly fire: () => void;
  cancelled: boolean;
}

/** The runner's restart scheduler, driven by the test: nothing fires until it says so. */
class ManualTimers {
  readonly set: ManualTimer[] = [];
  private taken = 0;
  private wake: (() => void) | undefined;

  readonly setTimer: SetTimer = (callback, delayMs) => {
    const timer: ManualTimer = { delayMs, fire: callback, cancelled: false };
    this.set.push(timer);
    this.wake?.();
    return () => {
      timer.cancelled = true;
    };
  };

  /** The next timer the runner sets (maybe already set). */
  async next(): Promise<ManualTimer> {
    while (this.set.length <= this.taken) await new Promise<void>((resolve) => (this.wake = resolve));
    return this.set[this.taken++];
  }
}

interface Recorder extends Reactor {
  /** Positions `react` was called with, failed calls included. */
  readonly handled: number[];
  /** The saved checkpoint `react` saw when called, by position. */
  readonly seen: Map<number, number>;
}

describe('ReactorRunner', () => {
  let db: Database.Database;
  let store: InMemoryEventStore;
  let checkpoints: CheckpointTable;
  let timers: ManualTimers;
  let failures: { error: unknown; failure: ReactorFailure }[];
  const runners: ReactorRunner[] = [];

  beforeEach(() => {
    db = new Database(':memory:');
    store = new InMemoryEventStore();
    checkpoints = new CheckpointTable(db);
    timers = new ManualTimers();
    failures = [];
  });
  afterEach(async () => {
    for (const r of runners.splice(0)) await r.stop();
    await store.close();
    db.close();
  });

  function recorder(options: { name?: string; version?: number; fail?: (position: number, attempt: number) => boolean; work?: boolean; gate?: Map<number, Promise<void>> } = {}): Recorder {
    const name = options.name ?? 'tickets';
    const attempts = new Map<number, number>();
    const reactor: Recorder = {
      name,
      ...(options.version === undefined ? {} : { version: options.version }),
      handled: [],
      seen: new Map(),
      async react(e: StoredEvent) {
        reactor.handled.push(e.position);
        reactor.seen.set(e.position, checkpoints.get(name)?.position ?? 0);
        await options.gate?.get(e.position);
        const attempt = (attempts.get(e.position) ?? 0) + 1;
        attempts.set(e.position, attempt);
        if (options.fail?.(e.position, attempt)) throw new Error(`effect failed at ${e.position}`);
        return options.work ?? true;
      },
    };
    return reactor;
  }
  function runner(reactor: Reactor, options: Partial<ReactorRunnerOptions> = {}): ReactorRunner {
    const created = new ReactorRunner({ store, db, reactor, setTimer: timers.setTimer, onError: (error, failure) => failures.push({ error, failure }), ...options });
    runners.push(created);
    return created;
  }
  async function append(...types: string[]): Promise<number> {
    let last = 0;
    for (const type of types) last = (await store.appendToStream(`s-${type}`, [event(type, {})], { expectedRevision: 'any' })).lastPosition;
    return last;
  }
  const saved = (name = 'tickets') => checkpoints.get(name);

  test('handles each event once, in global order, then follows live appends', async () => {
    await append('A', 'B', 'A', 'C', 'B');
    const reactor = recorder();
    const r = runner(reactor, { batchSize: 2 });
    r.start();
    await r.settled();
    const last = await append('D', 'E');
    await r.waitFor(last);
    expect(reactor.handled).toEqual([1, 2, 3, 4, 5, 6, 7]);
    expect(r.position()).toBe(7);
    expect(saved()).toEqual({ version: 1, position: 7 });
    expect(r.status()).toEqual({ position: 7, failing: false });
  });

  test('the checkpoint is saved after the effect, never before', async () => {
    await append('A', 'B', 'C', 'D');
    const reactor = recorder();
    const r = runner(reactor, { batchSize: 1 });
    r.start();
    await r.settled();
    expect([...reactor.seen]).toEqual([
      [1, 0],
      [2, 1],
      [3, 2],
      [4, 3],
    ]);
  });

  test('after a crash, the failed event and the ones after it are handled again, none skipped', async () => {
    await append('A', 'B', 'C', 'D', 'E', 'F');
    const crashing = recorder({ fail: (position) => position === 4 });
    runner(crashing).start();
    await timers.next(); // it stopped on the error; the process dies before any restart
    const afterCrash = saved();

    const next = recorder();
    const restarted = runner(next);
    restarted.start();
    await restarted.settled();
    expect(crashing.handled).toEqual([1, 2, 3, 4]);
    expect(next.handled).toEqual([4, 5, 6]);
    expect(afterCrash).toEqual({ version: 1, position: 3 }); // the events completed before the failure
    expect(saved()).toEqual({ version: 1, position: 6 });
  });

  test('a failure restarts from the checkpoint after a delay doubling up to the maximum', async () => {
    await append('A', 'B', 'C', 'D');
    const reactor = recorder({ fail: (position, attempt) => position === 3 && attempt <= 3 });
    const r = runner(reactor, { retry: { initialMs: 100, maxMs: 250 } });
    r.start();
    const first = await timers.next();
    expect(r.status()).toEqual({ position: 2, failing: true, lastFailure: 'effect failed at 3' });
    first.fire();
    (await timers.next()).fire();
    (await timers.next()).fire();
    await r.settled();
    expect(timers.set.map((timer) => timer.delayMs)).toEqual([100, 200, 250]);
    expect(failures.map(({ failure }) => failure)).toEqual([100, 200, 250].map((retryInMs) => ({ reactor: 'tickets', kind: 'stopped', retryInMs })));
    expect(reactor.handled).toEqual([1, 2, 3, 3, 3, 3, 4]);
    expect(r.status()).toEqual({ position: 4, failing: false });
    expect(saved()?.position).toBe(4);
  });

  test('stop() cancels a pending restart', async () => {
    await append('A');
    const r = runner(recorder({ fail: () => true }));
    r.start();
    const restart = await timers.next();
    await r.stop();
    expect(restart.cancelled).toBe(true);
  });

  test('waitFor resolves once the position is handled; settled waits for the head at call time', async () => {
    const reactor = recorder();
    const r = runner(reactor);
    await r.settled(); // empty store
    r.start();
    const waiting = r.waitFor(2);
    await append('A');
    const last = await append('B');
    await waiting;
    expect(reactor.handled).toEqual([1, 2]);
    expect(last).toBe(2);
    await append('C', 'D');
    await r.settled();
    expect(reactor.handled).toEqual([1, 2, 3, 4]);
  });

  test('waitFor can time out', async () => {
    jest.useFakeTimers();
    try {
      const waiting = runner(recorder()).waitFor(10, { timeoutMs: 1000 });
      jest.advanceTimersByTime(1000);
      await expect(waiting).rejects.toBeInstanceOf(ReactorWaitTimeoutError);
    } finally {
      jest.useRealTimers();
    }
  });

  test('two runners over one checkpoint table: each handles every event, the checkpoint never goes back', async () => {
    await append('A', 'B', 'C');
    let release = () => undefined as void;
    const slowReactor = recorder({ gate: new Map([[1, new Promise<void>((resolve) => (release = resolve))]]) });
    const slow = runner(slowReactor, { batchSize: 1 });
    slow.start(); // blocked inside its first effect
    const fastReactor = recorder();
    const fast = runner(fastReactor);
    fast.start();
    await fast.settled();
    expect(saved()).toEqual({ version: 1, position: 3 });

    release();
    await slow.settled();
    expect(slowReactor.handled).toEqual([1, 2, 3]);
    expect(slowReactor.seen.get(2)).toBe(3); // its save of position 1 did not move the checkpoint back
    expect(saved()).toEqual({ version: 1, position: 3 });

    const laterReactor = recorder();
    const later = runner(laterReactor);
    later.start();
    await later.waitFor(await append('D'));
    expect(laterReactor.handled).toEqual([4]);
  });

  test('a batch without work saves only when the checkpoint lags; stop() saves the completed work', async () => {
    await append('A', 'B', 'C', 'D', 'E', 'F', 'G');
    const idle = recorder({ name: 'idle', work: false });
    const lagging = runner(idle, { batchSize: 2, maxCheckpointLag: 3 });
    lagging.start();
    await lagging.settled();
    expect(Object.fromEntries(idle.seen)).toEqual({ 1: 0, 2: 0, 3: 0, 4: 0, 5: 4, 6: 4, 7: 4 });
    expect(saved('idle')?.position).toBe(7);

    const quiet = recorder({ name: 'quiet', work: false });
    const r = runner(quiet);
    r.start();
    await r.settled();
    expect(saved('quiet')).toBeUndefined();
    await r.stop();
    expect(saved('quiet')).toEqual({ version: 1, position: 7 });
  });

  test('canHandle picks the events react is called for; the position moves past the others', async () => {
    await append('A', 'B', 'A', 'B');
    const onlyB: Reactor & { handled: number[] } = {
      name: 'only-b',
      handled: [],
      canHandle: (e) => e.type === 'B',
      async react(e) {
        onlyB.handled.push(e.position);
        return true;
      },
    };
    const r = runner(onlyB);
    r.start();
    await r.settled();
    expect(onlyB.handled).toEqual([2, 4]);
    expect(r.position()).toBe(4);
  });

  test('a version change handles every event again from the start', async () => {
    await append('A', 'B', 'C');
    checkpoints.advance('tickets', 1, 3);
    const v2 = recorder({ version: 2 });
    const r = runner(v2);
    r.start();
    await r.settled();
    expect(v2.handled).toEqual([1, 2, 3]);
    expect(saved()).toEqual({ version: 2, position: 3 });
  });
});
