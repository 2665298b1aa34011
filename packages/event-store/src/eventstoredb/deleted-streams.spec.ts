/**
 * R17: a tombstoned person stream stays in `$all` until the next scavenge, so the adapter keeps
 * the ids of deleted streams (in `$periscol-deleted-streams`) and leaves their events out of
 * `readAll`, `headPosition` and subscriptions, in every process.
 */
import type { StoredEvent } from '../event-store.port';
import { Collector, event } from '../testing/event-store.contract';
import { describeOnServers } from './eventstoredb-servers.fixture';

describeOnServers('EventStoreDB deleted streams', (server) => {
  async function familyAndPerson() {
    const store = server().store();
    const family = server().stream('family');
    const person = server().stream('person');
    const start = server().isolated ? 0 : await store.headPosition();
    await store.appendToStream(family, [event('FamilyRegistered', {})], { expectedRevision: 'no_stream' });
    await store.appendToStream(person, [event('PersonRecorded', { name: 'Alice Martin' }), event('EmailChanged', { email: 'a@example.fr' })], { expectedRevision: 'no_stream' });
    const last = await store.appendToStream(family, [event('ChildEnrolled', {})], { expectedRevision: 0 });
    return { store, family, person, start, lastFamilyPosition: last.lastPosition };
  }

  const types = (events: readonly StoredEvent[]) => events.filter(server().ours).map((e) => e.type);

  test('readAll, headPosition and a catch-up subscription leave out a deleted stream', async () => {
    const { store, person, start, lastFamilyPosition } = await familyAndPerson();
    const tail = server().stream('tail-person');
    await store.appendToStream(tail, [event('PersonRecorded', { name: 'Bob' })], { expectedRevision: 'no_stream' });

    await store.deleteStream(person);
    await store.deleteStream(tail);

    expect(types(await store.readAll({ after: start }))).toEqual(['FamilyRegistered', 'ChildEnrolled']);
    if (server().isolated) expect(await store.headPosition()).toBe(lastFamilyPosition);
    const collector = new Collector(server().ours);
    const subscription = store.subscribeToAll({ after: start, handler: collector.handler, batchSize: 1 });
    await collector.until(2);
    await subscription.stop();
    expect(collector.events.map((e) => e.type)).toEqual(['FamilyRegistered', 'ChildEnrolled']);
  });

  test('another process leaves them out too, whether it started before or after the deletion', async () => {
    const { store, person, start } = await familyAndPerson();
    const earlier = server().store();
    expect(types(await earlier.readAll({ after: start }))).toHaveLength(4);

    await store.deleteStream(person);

    const later = server().store();
    expect(types(await later.readAll({ after: start }))).toEqual(['FamilyRegistered', 'ChildEnrolled']);
    expect(types(await earlier.readAll({ after: start }))).toEqual(['FamilyRegistered', 'ChildEnrolled']);
    expect((await earlier.readStream(person)).streamExists).toBe(false);
  });

  test('a stream deleted while a subscription is catching up is not delivered past that point', async () => {
    const { person, start } = await familyAndPerson();
    const eraser = server().store();
    const reader = server().store();
    const delivered: string[] = [];
    let erased: Promise<void> | undefined;
    const done = new Collector((e) => server().ours(e) && e.type === 'ChildEnrolled');
    const subscription = reader.subscribeToAll({
      after: start,
      batchSize: 1,
      handler: async (batch) => {
        for (const item of batch.filter(server().ours)) {
          delivered.push(item.type);
          if (item.type === 'FamilyRegistered') await (erased = eraser.deleteStream(person));
        }
        done.handler(batch);
      },
    });
    await done.until(1);
    await subscription.stop();
    await erased;
    expect(delivered).toEqual(['FamilyRegistered', 'ChildEnrolled']);
  });

  test('the erased events stay out of an export of the whole history', async () => {
    const { store, person, start } = await familyAndPerson();
    await store.deleteStream(person);
    const exported: StoredEvent[] = [];
    for (let after = start; ; ) {
      const page = await store.readAll({ after, limit: 2 });
      exported.push(...page);
      if (page.length < 2) break;
      after = page[page.length - 1].position;
    }
    expect(types(exported)).toEqual(['FamilyRegistered', 'ChildEnrolled']);
    expect(JSON.stringify(exported)).not.toContain('Alice Martin');
  });
});
