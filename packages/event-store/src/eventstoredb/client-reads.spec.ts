/**
 * Every read the adapter leaves before its end is cancelled (leaving a `for await` over the
 * client's stream only pauses the gRPC call, which then stays open on the server), and a read
 * that does not answer fails after the adapter's deadline (the client gives reads none).
 */
import { event } from '../testing/event-store.contract';
import { eventually, ManualTimers } from '../testing/manual-timers';
import { onFakeOnly } from './eventstoredb-servers.fixture';

onFakeOnly('EventStoreDB reads', (server) => {
  async function someEvents(count: number) {
    const store = server().store();
    for (let n = 0; n < count; n++) await store.appendToStream(server().stream(`s${n % 3}`), [event('N', { n })], { expectedRevision: 'any' });
    return store;
  }

  test('headPosition reads backwards from the end, one event first, and leaves no call open', async () => {
    const store = await someEvents(30);
    const all = await store.readAll();
    const before = server().fake.recordedCalls.length;

    expect(await store.headPosition()).toBe(all[all.length - 1].position);

    const headReads = server().fake.recordedCalls.slice(before).filter((call) => call.operation === 'readAll');
    expect(headReads[0].options).toMatchObject({ maxCount: 1, direction: 'backwards' });
    expect(server().fake.openCalls()).toBe(0);
  });

  test('readAll with a limit, and a read that fails midway, leave no call open', async () => {
    const store = await someEvents(12);
    expect(await store.readAll({ limit: 3 })).toHaveLength(3);
    expect(server().fake.openCalls()).toBe(0);
    server().fake.failNext({ operation: 'readAll', error: 'unavailable' });
    await expect(store.readAll()).rejects.toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect(server().fake.openCalls()).toBe(0);
  });

  test('a position that is not the start of an event is refused with INVALID_READ', async () => {
    const store = await someEvents(3);
    const [first] = await store.readAll();
    await expect(store.readAll({ after: first.position + 1 })).rejects.toMatchObject({ code: 'INVALID_READ' });
    expect(server().fake.openCalls()).toBe(0);
  });

  test('a read that never answers fails after the deadline with STORE_UNAVAILABLE, and is cancelled', async () => {
    const timers = new ManualTimers();
    const store = server().store({ setTimer: timers.setTimer, deadlineMs: 5_000 });
    server().fake.stallNextReads(1);
    let outcome: unknown;
    void store.readStream(server().stream('silent')).then(
      (result) => (outcome = result),
      (error: unknown) => (outcome = error),
    );

    await timers.advance(4_999);
    expect(outcome).toBeUndefined();
    await timers.advance(1);
    await eventually(() => outcome !== undefined, 'the read to settle');
    expect(outcome).toMatchObject({ code: 'STORE_UNAVAILABLE', retryable: true });
    expect(server().fake.openCalls()).toBe(0);
  });

  test('an append whose first read never answers fails after the deadline instead of hanging', async () => {
    const timers = new ManualTimers();
    const store = server().store({ setTimer: timers.setTimer, deadlineMs: 5_000 });
    server().fake.stallNextReads(1);
    let outcome: unknown;
    void store.appendToStream(server().stream('silent'), [event('A', {})], { expectedRevision: 'any' }).then(
      (result) => (outcome = result),
      (error: unknown) => (outcome = error),
    );
    await timers.advance(5_000);
    await eventually(() => outcome !== undefined, 'the append to settle');
    expect(outcome).toMatchObject({ code: 'STORE_UNAVAILABLE' });
    expect((await store.readStream(server().stream('silent'))).streamExists).toBe(false);
  });

  test('appends carry the deadline to the client', async () => {
    const store = server().store({ deadlineMs: 7_000 });
    await store.appendToStream(server().stream('deadline'), [event('A', {})], { expectedRevision: 'any' });
    const append = server().fake.recordedCalls.find((call) => call.operation === 'append');
    expect(append?.options.deadline).toBe(7_000);
  });
});
