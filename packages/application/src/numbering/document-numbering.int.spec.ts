import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { InMemoryEventStore } from '@periscol/event-store';
import { SqliteEventStore } from '@periscol/event-store/sqlite';
import { documentNumberAssignedSchema } from '@periscol/reservation-domain';
import { numberingStreamId } from '../streams/stream-names';
import { DocumentNumbering } from './document-numbering.service';

describe('DocumentNumbering', () => {
  let dir: string;
  const stores: SqliteEventStore[] = [];

  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'periscol-numbering-'));
  });

  afterEach(async () => {
    await Promise.all(stores.splice(0).map((store) => store.close()));
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function openStore(): SqliteEventStore {
    const store = new SqliteEventStore(path.join(dir, 'events.sqlite'));
    stores.push(store);
    return store;
  }

  async function streamNumbers(store: SqliteEventStore | InMemoryEventStore, streamId: string) {
    const { events } = await store.readStream(streamId);
    return events.map((event) => ({ revision: event.revision, ...documentNumberAssignedSchema.parse(event.data) }));
  }

  it('numbers one after the other from 1, per prefix and year', async () => {
    const store = new InMemoryEventStore();
    const numbering = new DocumentNumbering(store);
    const r1 = await numbering.assign({ prefix: 'R', year: 2026, familyId: 'F1', sourceId: 'pay-1' });
    const r2 = await numbering.assign({ prefix: 'R', year: 2026, familyId: 'F2', sourceId: 'pay-2' });
    const a1 = await numbering.assign({ prefix: 'A', year: 2026, familyId: 'F1', sourceId: 'credit-1' });
    const r2027 = await numbering.assign({ prefix: 'R', year: 2027, familyId: 'F1', sourceId: 'pay-3' });
    expect([r1.number, r2.number, a1.number, r2027.number]).toEqual(['R-2026-000001', 'R-2026-000002', 'A-2026-000001', 'R-2027-000001']);
    expect(await streamNumbers(store, numberingStreamId('R', 2026))).toEqual([
      { revision: 0, number: 'R-2026-000001', prefix: 'R', year: 2026, sequence: 1, familyId: 'F1', sourceId: 'pay-1' },
      { revision: 1, number: 'R-2026-000002', prefix: 'R', year: 2026, sequence: 2, familyId: 'F2', sourceId: 'pay-2' },
    ]);
    await store.close();
  });

  it('gives a source its first number again, consuming none (retry after a crash, another process)', async () => {
    const store = openStore();
    const first = await new DocumentNumbering(store).assign({ prefix: 'R', year: 2026, familyId: 'F1', sourceId: 'pay-1' });
    await new DocumentNumbering(store).assign({ prefix: 'R', year: 2026, familyId: 'F1', sourceId: 'pay-2' });
    // A fresh instance (a restarted process) that never saw pay-1 being numbered.
    const again = await new DocumentNumbering(openStore()).assign({ prefix: 'R', year: 2026, familyId: 'F1', sourceId: 'pay-1' });
    expect(first).toMatchObject({ number: 'R-2026-000001', assignedNow: true });
    expect(again).toMatchObject({ number: 'R-2026-000001', sequence: 1, assignedNow: false });
    expect((await streamNumbers(store, numberingStreamId('R', 2026))).map((n) => n.sourceId)).toEqual(['pay-1', 'pay-2']);
  });

  it('keeps numbers continuous and unique when two processes over one SQLite file number at the same time', async () => {
    const a = new DocumentNumbering(openStore());
    const b = new DocumentNumbering(openStore());
    const sources = Array.from({ length: 40 }, (_, i) => `pay-${i}`);
    // All calls start in the same tick: every first attempt reads the same head and races.
    const results = await Promise.all(
      sources.map((sourceId, i) => (i % 2 === 0 ? a : b).assign({ prefix: 'R', year: 2026, familyId: `F${i % 3}`, sourceId })),
    );
    // And the same sources once more, from the other process: nothing new.
    const replays = await Promise.all(
      sources.map((sourceId, i) => (i % 2 === 0 ? b : a).assign({ prefix: 'R', year: 2026, familyId: `F${i % 3}`, sourceId })),
    );

    const numbers = results.map((r) => r.number).sort();
    expect(numbers).toEqual(sources.map((_, i) => `R-2026-${String(i + 1).padStart(6, '0')}`));
    expect(results.some((r) => r.attempts > 1)).toBe(true); // the race did happen
    expect(replays.map((r) => r.number)).toEqual(results.map((r) => r.number));
    expect(replays.every((r) => !r.assignedNow)).toBe(true);

    const stream = await streamNumbers(openStore(), numberingStreamId('R', 2026));
    expect(stream).toHaveLength(sources.length);
    expect(stream.every((n) => n.sequence === n.revision + 1)).toBe(true);
    expect(new Set(stream.map((n) => n.sourceId)).size).toBe(sources.length);
  });

  it('finds the number of a source', async () => {
    const store = new InMemoryEventStore();
    const numbering = new DocumentNumbering(store);
    await numbering.assign({ prefix: 'A', year: 2026, familyId: 'F1', sourceId: 'credit-9' });
    expect(await numbering.find('A', 2026, 'credit-9')).toMatchObject({ number: 'A-2026-000001', familyId: 'F1' });
    expect(await numbering.find('A', 2026, 'credit-0')).toBeUndefined();
    await store.close();
  });
});
