import { demoCatalog } from '@periscol/reservation-domain';
import { sqliteRowLocator } from '../store/sqlite-row-locator';
import { randomHistory, writeHistory } from '../testing/random-history';
import { changeOneByte, deleteRow, eventRows } from '../testing/sqlite-tamper';
import { must, openTempStore, type TempStore } from '../testing/temp-store';
import type { AuditReport } from './audit-report';
import { verifyHistory } from './verify-history';

const checkOf = (report: AuditReport, id: string) => must(report.checks.find((check) => check.id === id), id);

async function storeWithHistory(seed: number, families: number): Promise<TempStore> {
  const temp = openTempStore();
  await writeHistory(temp.store, randomHistory({ seed, families }).commands, temp.clock);
  return temp;
}

describe('verify over a real SQLite store file', () => {
  test.each([1, 2, 3])('histories from random command sequences verify clean (seed %i)', async (seed) => {
    const temp = await storeWithHistory(seed, 12);
    try {
      const report = await verifyHistory(temp.store, { catalog: demoCatalog });
      expect(report.checks.filter((check) => !check.ok)).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.familiesChecked).toBe(12);
      expect(report.eventsChecked).toBe(eventRows(temp.file).length);
      // The histories reach payments and credits: the ledger totals are not trivially zero.
      expect(report.totals.paymentsCents).toBeGreaterThan(0);
      expect(report.totals.paymentsCents + report.totals.goodwillCents).toBe(
        report.totals.reservedValueCents + report.totals.balanceCents + report.totals.heldCents + report.totals.refundedCents,
      );
    } finally {
      await temp.dispose();
    }
  });

  test('numbers drawn by the generator are continuous across families', async () => {
    const temp = await storeWithHistory(4, 15);
    try {
      const report = await verifyHistory(temp.store, { catalog: demoCatalog });
      expect(checkOf(report, 'numbering').ok).toBe(true);
      expect(Object.values(report.documentNumbers).reduce((a, b) => a + b, 0)).toBeGreaterThan(0);
    } finally {
      await temp.dispose();
    }
  });

  test('one byte changed in one stored event is detected and located', async () => {
    const temp = await storeWithHistory(5, 4);
    try {
      const target = eventRows(temp.file, "type = 'ReservationRequested'")[2];
      const index = target.data.indexOf('"totalCents":') + '"totalCents":'.length;
      const digit = target.data[index];
      changeOneByte(temp.file, target.position, index, digit === '9' ? '8' : String(Number(digit) + 1));
      const store = await temp.reopen();

      const report = await verifyHistory(store, { catalog: demoCatalog });

      expect(report.ok).toBe(false);
      const chains = checkOf(report, 'hash-chains');
      expect(chains.ok).toBe(false);
      expect(chains.violations[0]).toMatchObject({ code: 'HASH_MISMATCH', streamId: target.stream_id, revision: target.revision, position: target.position });
      expect(chains.detail).toContain(`${target.stream_id} revision ${target.revision}`);
    } finally {
      await temp.dispose();
    }
  });

  test('a byte change that breaks the JSON is located although the store cannot read the row', async () => {
    const temp = await storeWithHistory(6, 3);
    try {
      const target = eventRows(temp.file, "stream_id LIKE 'family-%'")[5];
      changeOneByte(temp.file, target.position, 0, '[');
      const store = await temp.reopen();

      const report = await verifyHistory(store, { catalog: demoCatalog, locateUnreadable: sqliteRowLocator(temp.file) });

      const chains = checkOf(report, 'hash-chains');
      expect(chains.ok).toBe(false);
      expect(chains.violations[0]).toMatchObject({ code: 'UNREADABLE_EVENT', streamId: target.stream_id, revision: target.revision, position: target.position });
      // The rest of the store is still verified: every other family is counted.
      expect(report.familiesChecked).toBe(3);
    } finally {
      await temp.dispose();
    }
  });

  test('a deleted event (a row removed in the middle of a stream) is reported as a revision gap', async () => {
    const temp = await storeWithHistory(7, 3);
    try {
      const stream = eventRows(temp.file, "stream_id LIKE 'family-%'")[0].stream_id;
      const rows = eventRows(temp.file, 'stream_id = ?', stream);
      const removed = rows[3];
      deleteRow(temp.file, removed.position);
      const store = await temp.reopen();

      const report = await verifyHistory(store, { catalog: demoCatalog });

      const chains = checkOf(report, 'hash-chains');
      expect(chains.ok).toBe(false);
      expect(chains.violations[0]).toMatchObject({ code: 'REVISION_GAP', streamId: stream, revision: rows[4].revision });
      expect(chains.violations[0].message).toContain(`revision ${removed.revision} is missing`);
    } finally {
      await temp.dispose();
    }
  });

  test('the last event of a stream deleted is reported as a truncation', async () => {
    const temp = await storeWithHistory(8, 3);
    try {
      const stream = eventRows(temp.file, "stream_id LIKE 'family-%'")[0].stream_id;
      const rows = eventRows(temp.file, 'stream_id = ?', stream);
      deleteRow(temp.file, rows[rows.length - 1].position);
      const store = await temp.reopen();

      const report = await verifyHistory(store, { catalog: demoCatalog });

      expect(checkOf(report, 'hash-chains').violations[0]).toMatchObject({ code: 'TRUNCATED', streamId: stream, revision: rows[rows.length - 1].revision });
    } finally {
      await temp.dispose();
    }
  });

  test('a check that throws is reported failed; the others still run', async () => {
    const temp = await storeWithHistory(10, 2);
    try {
      const gone = { id: 'snapshots', name: 'family snapshots equal to their stream', run: () => Promise.reject(new Error('read database gone')) } as const;

      const report = await verifyHistory(temp.store, { catalog: demoCatalog, additionalChecks: [gone] });

      expect(report.checks.map((check) => [check.id, check.ok])).toEqual([
        ['hash-chains', true],
        ['events', true],
        ['ledger', true],
        ['slots', true],
        ['numbering', true],
        ['regie', true],
        ['attendance', true],
        ['projections', true],
        ['snapshots', false],
      ]);
      expect(checkOf(report, 'snapshots').violations).toEqual([{ code: 'CHECK_FAILED', message: 'the check could not run: read database gone' }]);
      expect(report.ok).toBe(false);
    } finally {
      await temp.dispose();
    }
  });

  test('every broken stream is listed, not only the first', async () => {
    const temp = await storeWithHistory(9, 5);
    try {
      const families = [...new Set(eventRows(temp.file, "stream_id LIKE 'family-%'").map((row) => row.stream_id))];
      const first = eventRows(temp.file, 'stream_id = ?', families[1])[2];
      const second = eventRows(temp.file, 'stream_id = ?', families[3])[1];
      deleteRow(temp.file, first.position);
      deleteRow(temp.file, second.position);
      const store = await temp.reopen();

      const report = await verifyHistory(store, { catalog: demoCatalog });

      const located = checkOf(report, 'hash-chains').violations.map((v) => v.streamId);
      expect(located).toEqual(expect.arrayContaining([families[1], families[3]]));
    } finally {
      await temp.dispose();
    }
  });
});
