/**
 * R17 on PostgreSQL: a deleted person stream's rows are gone from the tables (not flagged), a
 * tombstone refuses later appends, and every other stream still verifies.
 */
import { verifyStore } from '../hash-chain';
import { event } from '../testing/event-store.contract';
import { storeSchema } from './postgres-schema';
import { describeWithPostgres, TestSchemas } from './postgres-test-database.fixture';

const SECRET = 'Philomène Zbinden-Quarteron <philomene.zq@example.org>';

describeWithPostgres('PostgresEventStore.deleteStream (R17)', () => {
  const schemas = new TestSchemas();
  afterAll(() => schemas.dispose());

  test('removes the rows of the stream, keeps a tombstone, and leaves the other streams verifying', async () => {
    const name = schemas.newSchema();
    const schema = storeSchema(name);
    const store = await schemas.open({ schema: name });
    for (let n = 0; n < 20; n++) {
      await store.appendToStream('person-1', [event('IdentityRecorded', { n, name: SECRET })], { expectedRevision: n === 0 ? 'no_stream' : n - 1 });
      await store.appendToStream('family-1', [event('Enrolled', { n })], { expectedRevision: n === 0 ? 'no_stream' : n - 1 });
    }
    const holdingSecret = async () =>
      Number((await schemas.admin.query<{ count: string }>(`SELECT count(*) FROM ${schema.events} WHERE data LIKE $1 OR metadata LIKE $1`, [`%${SECRET}%`])).rows[0].count);
    expect(await holdingSecret()).toBe(20);

    await store.deleteStream('person-1');

    const rows = await schemas.admin.query(`SELECT position FROM ${schema.events} WHERE stream_id = 'person-1'`);
    expect(rows.rowCount).toBe(0);
    expect(await holdingSecret()).toBe(0);
    const tombstone = await schemas.admin.query<{ deleted: boolean }>(`SELECT deleted_at IS NOT NULL AS deleted FROM ${schema.streams} WHERE stream_id = 'person-1'`);
    expect(tombstone.rows).toEqual([{ deleted: true }]);
    expect(await verifyStore(store)).toEqual({ ok: true, eventsChecked: 20, streamsChecked: 1 });
    await expect(store.appendToStream('person-1', [event('IdentityRecorded', {})], { expectedRevision: 'any' })).rejects.toMatchObject({ code: 'STREAM_DELETED' });
  });

  test('appends issued before the deletion are committed before it, and deleted with the stream', async () => {
    const name = schemas.newSchema();
    const store = await schemas.open({ schema: name });
    const queued = store.appendToStream('person-2', [event('IdentityRecorded', { name: SECRET })], { expectedRevision: 'no_stream' });
    await store.deleteStream('person-2');
    await expect(queued).resolves.toMatchObject({ deduplicated: false });
    const rows = await schemas.admin.query(`SELECT position FROM ${storeSchema(name).events}`);
    expect(rows.rowCount).toBe(0);
    expect(await store.readStream('person-2')).toEqual({ events: [], currentRevision: -1, streamExists: false });
  });
});
