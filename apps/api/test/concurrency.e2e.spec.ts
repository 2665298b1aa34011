import type { EventStore } from '@periscol/event-store';
import { newKey } from './support/http';
import { JourneyApp, MARTIN, slot, W50, W51 } from './journey.support';

/**
 * Holds the first `count` appends to the family stream until all of them have arrived, then
 * lets them go together: every one of those commands has read the stream at the same revision
 * before any of them appends, so they really race (no timing luck involved).
 */
function holdFamilyAppends(store: EventStore, familyId: string, count: number): void {
  const original = store.appendToStream.bind(store);
  const originalMany = store.appendMany.bind(store);
  let waiting = 0;
  let release: () => void = () => undefined;
  const gate = new Promise<void>((resolve) => (release = resolve));
  /** Counts one more held append; the last one lets them all go. */
  const hold = (): Promise<void> => {
    waiting += 1;
    if (waiting === count) {
      store.appendToStream = original;
      store.appendMany = originalMany;
      release();
    }
    return gate;
  };
  store.appendToStream = (streamId, events, options) => {
    if (streamId !== `family-${familyId}` || waiting >= count) return original(streamId, events, options);
    return hold().then(() => original(streamId, events, options));
  };
  // A command appends its events and its recorded answer together.
  store.appendMany = (appends) => {
    if (!appends.some((part) => part.streamId === `family-${familyId}`) || waiting >= count) return originalMany(appends);
    return hold().then(() => originalMany(appends));
  };
}

/**
 * R13: concurrent commands on one family never double-book a slot nor spend a credit twice
 * (optimistic concurrency on the family stream, bounded automatic retry). The requests are
 * fired together and their appends held until every command has read the stream.
 */
describe('concurrent requests on one family', () => {
  let j: JourneyApp;
  const { familyId, lea, hugo } = MARTIN;
  const contested = slot(lea, 'restauration', W50.monday);
  const days = [W50.monday, W50.tuesday, W50.thursday, W50.friday, W51.monday, W51.tuesday, W51.thursday, W51.friday];
  // 20 slots, each distinct from the contested one and from each other.
  const others = [
    ...days.map((date) => slot(lea, 'accueil-soir', date)),
    ...days.map((date) => slot(hugo, 'accueil-matin', date)),
    ...days.slice(4).map((date) => slot(hugo, 'restauration', date)),
  ];

  beforeAll(async () => {
    j = await JourneyApp.start();
    await j.grant(familyId, 1000).expect(201);
  });
  afterAll(() => j.close());

  const reservedLines = async () => {
    const { events } = await j.store.readStream(`family-${familyId}`);
    return events.filter((e) => e.type === 'ReservationRequested').flatMap((e) => (e.data as { lines: { childId: string; activityId: string; date: string }[] }).lines);
  };

  it('20 conflicting reservation requests at once: exactly one wins, the others get 409 SLOT_TAKEN, the slot is held once, the balance is exact', async () => {
    expect(others).toHaveLength(20);
    holdFamilyAppends(j.store, familyId, 20);
    const responses = await Promise.all(others.map((other) => j.reserve(familyId, [contested, other])));
    const statuses = responses.map((res) => `${res.status} ${res.body.error?.code ?? ''}`.trim());
    expect(statuses.filter((s) => s === '201')).toHaveLength(1);
    expect(statuses.filter((s) => s === '409 SLOT_TAKEN')).toHaveLength(19);
    const winner = responses.find((res) => res.status === 201)?.body;

    const lines = await reservedLines();
    expect(lines.filter((line) => line.childId === contested.childId && line.activityId === contested.activityId && line.date === contested.date)).toHaveLength(1);
    expect(lines).toHaveLength(2);
    expect(winner.creditAppliedCents).toBe(winner.totalCents);
    expect(await j.balance(familyId)).toBe(1000 - winner.totalCents);
    expect(await j.slotStatus(familyId, W50.week, contested)).toMatchObject({ status: 'pending', orderId: winner.orderId });
    const report = await j.verify();
    expect(report.checks.filter((check) => !check.ok)).toEqual([]);
  });

  it('concurrent requests on distinct slots never spend the same credit twice (R10, R13)', async () => {
    const before = await j.balance(familyId);
    const free = days.slice(0, 6).map((date) => slot(lea, 'restauration', date)).filter((s) => s.date !== contested.date);
    holdFamilyAppends(j.store, familyId, free.length);
    const responses = await Promise.all(free.map((s) => j.reserve(familyId, [s])));
    expect(responses.map((res) => res.status)).toEqual(free.map(() => 201));
    const applied = responses.reduce((sum, res) => sum + (res.body.creditAppliedCents as number), 0);
    expect(applied).toBe(Math.min(before, free.length * 210));
    expect(await j.balance(familyId)).toBe(before - applied);
    expect((await j.verify()).ok).toBe(true);
  });

  it('the same request sent 5 times at once with one key: one order, one answer', async () => {
    const key = newKey();
    const target = [slot(hugo, 'restauration', W50.monday)];
    holdFamilyAppends(j.store, familyId, 5);
    const responses = await Promise.all(Array.from({ length: 5 }, () => j.reserve(familyId, target, key)));
    expect(responses.map((res) => res.status)).toEqual([201, 201, 201, 201, 201]);
    for (const res of responses) expect(res.body).toEqual(responses[0].body);
    const lines = await reservedLines();
    expect(lines.filter((line) => line.childId === hugo && line.activityId === 'restauration' && line.date === W50.monday)).toHaveLength(1);
  });
});
