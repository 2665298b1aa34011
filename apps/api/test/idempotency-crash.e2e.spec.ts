import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventStore } from '@periscol/event-store';
import { ManualClock } from '../src/platform/clock/clock';
import { IdempotencyContext } from '../src/platform/idempotency/idempotency-context';
import { IdempotencyRecords } from '../src/platform/idempotency/idempotency-records';
import { newKey } from './support/http';
import { TEST_START } from './support/test-app';
import { JourneyApp, MARTIN, slot, W50 } from './journey.support';

class ProcessCrashed extends Error {}

/**
 * The process dies right after the request's first durable write touching the family stream:
 * that write stands, nothing the process would have done after it happens (every later write
 * fails). `nonAtomic` replaces the store's multi-stream append by one append per stream, in
 * order (the way a store without multi-stream transactions would write it).
 */
function crashAfterFirstFamilyWrite(store: EventStore, familyStream: string, nonAtomic: boolean): void {
  let dead = false;
  const appendToStream = store.appendToStream.bind(store);
  const appendMany = store.appendMany.bind(store);
  const die = () => {
    dead = true;
    throw new ProcessCrashed('the process died');
  };
  store.appendToStream = async (streamId, events, options) => {
    if (dead) throw new ProcessCrashed('the process is dead');
    const result = await appendToStream(streamId, events, options);
    if (streamId === familyStream) die();
    return result;
  };
  store.appendMany = async (appends) => {
    if (dead) throw new ProcessCrashed('the process is dead');
    if (nonAtomic) {
      for (const part of appends) await store.appendToStream(part.streamId, part.events, { expectedRevision: part.expectedRevision });
      throw new Error('unreachable: the family part is written first');
    }
    const result = await appendMany(appends);
    if (appends.some((part) => part.streamId === familyStream)) die();
    return result;
  };
}

/**
 * R12 across a crash: a reservation's events and its recorded answer are written together, so a
 * process that dies right after the reservation's write leaves either both or neither; the
 * client's retry after the restart then gets the recorded answer, not a second run. The broken
 * variant (two appends, the process dying between them) shows what the check catches.
 */
describe('a crash right after a reservation is written', () => {
  const { familyId, lea } = MARTIN;
  const familyStream = `family-${familyId}`;
  const target = [slot(lea, 'restauration', W50.monday)];
  let dataDir: string;
  let clock: ManualClock;
  let j: JourneyApp | undefined;

  beforeEach(() => {
    dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-crash-'));
    clock = new ManualClock(TEST_START);
  });
  afterEach(async () => {
    await j?.close();
    j = undefined;
    fs.rmSync(dataDir, { recursive: true, force: true });
  });

  /** Reserves with `key`, the process dying after the first family write; then restarts on the same folder. */
  async function crashThenRestart(key: string, nonAtomic: boolean) {
    j = await JourneyApp.start({ dataDir, clock });
    crashAfterFirstFamilyWrite(j.store, familyStream, nonAtomic);
    expect((await j.reserve(familyId, target, key)).status).toBe(500);
    await j.close({ keepData: true });
    j = await JourneyApp.start({ dataDir, clock });
    const answers = (await j.store.readStream(IdempotencyRecords.streamId(new IdempotencyContext(key, `parent:test-parent-${familyId}`).commandKey))).events;
    const reserved = (await j.store.readStream(familyStream)).events.filter((e) => e.type === 'ReservationRequested');
    return { app: j, answers, reserved };
  }

  it('after the restart, the events and the answer are both there, and the retry gets that answer', async () => {
    const key = newKey();
    const { app, answers, reserved } = await crashThenRestart(key, false);
    expect(reserved).toHaveLength(1);
    expect(answers).toHaveLength(1);
    expect(answers[0].data).toMatchObject({ status: 201, body: { orderId: (reserved[0].data as { orderId: string }).orderId } });

    const retry = await app.reserve(familyId, target, key);
    expect(retry.status).toBe(201);
    expect(retry.headers['idempotent-replayed']).toBe('true');
    expect(retry.body).toEqual((answers[0].data as { body: unknown }).body);
    expect((await app.verify()).ok).toBe(true);
  });

  it('the broken variant (events, then the answer in a second append) loses the answer: the check above would fail', async () => {
    const { answers, reserved } = await crashThenRestart(newKey(), true);
    expect(reserved).toHaveLength(1);
    expect(answers).toHaveLength(0);
  });
});
