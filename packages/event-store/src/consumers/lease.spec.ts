import type { EventStore, ExpectedRevision } from '../event-store.port';
import { InMemoryEventStore } from '../memory';
import { ManualTimers, settle } from '../testing/manual-timers';
import { Lease } from './lease';
import { leaseRecordOf, leaseStreamId } from './lease-stream';

const START = Date.UTC(2026, 11, 3, 8, 0, 0);
const TTL_MS = 30_000;
const RENEW_MS = 10_000;

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

/**
 * The store as several processes see it: every read and append waits a random number of event
 * loop turns before and after, so the looks of the contenders interleave. `expectedRevision`
 * replaces what the lease asks for (the broken variant: `any`).
 */
function interleavedStore(store: EventStore, random: () => number, expectedRevision?: ExpectedRevision): EventStore {
  const pause = () => settle(1 + Math.floor(random() * 4));
  return {
    kind: store.kind,
    appendToStream: async (streamId, events, options) => {
      await pause();
      const result = await store.appendToStream(streamId, events, expectedRevision === undefined ? options : { expectedRevision });
      await pause();
      return result;
    },
    appendMany: async (appends) => {
      await pause();
      const result = await store.appendMany(appends);
      await pause();
      return result;
    },
    readStream: async (streamId, options) => {
      await pause();
      const result = await store.readStream(streamId, options);
      await pause();
      return result;
    },
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    subscribeToAll: (options) => store.subscribeToAll(options),
    deleteStream: (streamId) => store.deleteStream(streamId),
    close: () => store.close(),
  };
}

interface Contention {
  /** Most processes that believed, at one instant, that they held the lease. */
  readonly maxHolders: number;
  /** Times the lease went from one process to another. */
  readonly takeovers: number;
  /** Every lease event records at least the position of the one before it. */
  readonly positionsCarried: boolean;
}

/**
 * Five processes look at one lease in a seeded order while time passes, some of them pausing
 * (a crash, a long pause) and coming back; the holder's work moves its position forward.
 */
async function contend(seed: number, options: { expectedRevision?: ExpectedRevision } = {}): Promise<Contention> {
  const random = seeded(seed);
  const memory = new InMemoryEventStore();
  const store = interleavedStore(memory, random, options.expectedRevision);
  let elapsed = 0;
  const clock = () => new Date(START + elapsed);
  const progress = [0, 0, 0, 0, 0];
  const leases = progress.map(
    (_, i) =>
      new Lease({
        store,
        name: 'tickets',
        holder: `process-${i}`,
        clock,
        ttlMs: 3000,
        renewEveryMs: 1000,
        position: () => progress[i],
        onAcquired: (position) => {
          progress[i] = Math.max(progress[i], position);
        },
      }),
  );
  const paused = new Set<number>();
  const looks: Promise<void>[] = [];
  let maxHolders = 0;
  for (let step = 0; step < 300; step++) {
    const draw = random();
    const i = Math.floor(random() * leases.length);
    if (draw < 0.6) {
      if (!paused.has(i)) looks.push(leases[i].check());
    } else if (draw < 0.8) {
      elapsed += Math.floor(random() * 1500);
    } else if (draw < 0.9) {
      if (paused.has(i)) paused.delete(i);
      else paused.add(i);
    } else {
      await settle(1 + Math.floor(random() * 6));
    }
    leases.forEach((lease, k) => {
      if (lease.held()) progress[k] += 1;
    });
    maxHolders = Math.max(maxHolders, leases.filter((lease) => lease.held()).length);
    await settle(1);
  }
  await Promise.all(looks);
  const records = (await memory.readStream(leaseStreamId('tickets'))).events.flatMap((event) => leaseRecordOf(event) ?? []);
  let takeovers = 0;
  let positionsCarried = true;
  records.forEach((record, k) => {
    if (k === 0) return;
    if (record.holder !== records[k - 1].holder) takeovers += 1;
    if (record.position < records[k - 1].position) positionsCarried = false;
  });
  return { maxHolders, takeovers, positionsCarried };
}

/** Two processes on one virtual timeline; `crash(i)` silences a process's timers for good. */
function twoProcesses(positions: number[] = [0, 0]) {
  const timers = new ManualTimers();
  const store = new InMemoryEventStore();
  const clock = () => new Date(START + timers.now());
  const dead = [false, false];
  const acquired: { process: number; position: number }[] = [];
  const lost: number[] = [];
  const leases = [0, 1].map(
    (i) =>
      new Lease({
        store,
        name: 'tickets',
        holder: `host-${i}`,
        clock,
        ttlMs: TTL_MS,
        renewEveryMs: RENEW_MS,
        position: () => positions[i],
        onAcquired: (position) => void acquired.push({ process: i, position }),
        onLost: () => void lost.push(i),
        setTimer: (callback, delayMs) => timers.setTimer(() => dead[i] || callback(), delayMs),
      }),
  );
  const events = async () => (await store.readStream(leaseStreamId('tickets'))).events;
  return { timers, leases, acquired, lost, events, crash: (i: number) => (dead[i] = true) };
}

describe('Lease (one holder at a time over the store port)', () => {
  test('the first to look takes a free lease; the holder renews every renewal interval and the other waits', async () => {
    const { timers, leases, acquired, events } = twoProcesses();
    leases[0].start();
    leases[1].start();
    await timers.advance(60_000);

    expect(acquired).toEqual([{ process: 0, position: 0 }]);
    expect(leases[0].held()).toBe(true);
    expect(leases[1].held()).toBe(false);
    expect(leases[1].status()).toMatchObject({ held: false, holder: 'host-0' });
    expect((await events()).map((event) => event.type)).toEqual(['LeaseTaken', ...Array<string>(6).fill('LeaseRenewed')]);
    await Promise.all(leases.map((lease) => lease.stop()));
  });

  test('no takeover before until; after it, the other process takes the lease with the position the holder recorded', async () => {
    const positions = [0, 0];
    const { timers, leases, acquired, events, crash } = twoProcesses(positions);
    leases[0].start();
    await timers.advance(1);
    leases[1].start();
    positions[0] = 42;
    await timers.advance(RENEW_MS); // host-0 renews at 10 s: until 40 s, position 42
    crash(0);
    await timers.advance(40_000 - timers.now() - 1);
    expect(leases[1].held()).toBe(false);
    expect(acquired).toEqual([{ process: 0, position: 0 }]);

    await timers.advance(RENEW_MS);
    expect(leases[0].held()).toBe(false);
    expect(leases[1].held()).toBe(true);
    expect(acquired).toEqual([
      { process: 0, position: 0 },
      { process: 1, position: 42 },
    ]);
    const taken = (await events()).filter((event) => event.type === 'LeaseTaken').map((event) => leaseRecordOf(event));
    expect(taken.map((record) => [record?.holder, record?.position])).toEqual([
      ['host-0', 0],
      ['host-1', 42],
    ]);
    await leases[1].stop();
  });

  test('a holder that ran out gives the lease up before anything else, and learns at its next look that another took it', async () => {
    const { timers, leases, lost, crash } = twoProcesses();
    leases[0].start();
    await timers.advance(1);
    leases[1].start();
    crash(0);
    await timers.advance(TTL_MS + RENEW_MS);
    expect(leases[1].held()).toBe(true);
    expect(leases[0].held()).toBe(false);

    await leases[0].check(); // back from a long pause
    expect(lost).toEqual([0]);
    expect(leases[0].held()).toBe(false);
    expect(leases[0].status().holder).toBe('host-1');
    await leases[1].stop();
  });

  test('a clean stop releases the lease with the position reached: the other takes it at its next look', async () => {
    const positions = [0, 0];
    const { timers, leases, acquired, events } = twoProcesses(positions);
    leases[0].start();
    await timers.advance(1);
    leases[1].start();
    positions[0] = 7;
    await leases[0].stop();
    await timers.advance(0); // host-1's first look, due now

    expect(leases[1].held()).toBe(true);
    expect(acquired).toEqual([
      { process: 0, position: 0 },
      { process: 1, position: 7 },
    ]);
    expect((await events()).map((event) => event.type)).toEqual(['LeaseTaken', 'LeaseReleased', 'LeaseTaken']);
    await leases[1].stop();
  });

  test('many contenders, 100 seeded interleavings with pauses and time passing: never two holders, takeovers happen, positions carried over', async () => {
    let takeovers = 0;
    for (let seed = 1; seed <= 100; seed++) {
      const result = await contend(seed);
      expect({ seed, maxHolders: result.maxHolders, positionsCarried: result.positionsCarried }).toEqual({ seed, maxHolders: 1, positionsCarried: true });
      takeovers += result.takeovers;
    }
    expect(takeovers).toBeGreaterThan(100);
  });

  test('the same contention catches two holders when the appends ignore the revision (the check has teeth)', async () => {
    const violations: number[] = [];
    for (let seed = 1; seed <= 20; seed++) {
      if ((await contend(seed, { expectedRevision: 'any' })).maxHolders > 1) violations.push(seed);
    }
    expect(violations.length).toBeGreaterThan(0);
  });
});
