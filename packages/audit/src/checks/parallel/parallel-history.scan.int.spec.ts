import { demoCatalog } from '@periscol/reservation-domain';
import { randomHistory, writeHistory } from '../../testing/random-history';
import { changeOneByte, cutText, deleteRow, eventRows } from '../../testing/sqlite-tamper';
import { openTempStore, type TempStore } from '../../testing/temp-store';
import { startTypeScriptWorker } from '../../testing/typescript-worker';
import { sqliteRowLocator } from '../../store/sqlite-row-locator';
import type { AuditReport } from '../audit-report';
import { verifyHistory } from '../verify-history';
import { PARALLEL_MIN_EVENTS, verifyWorkers } from './parallel-history.scan';

async function storeWithHistory(seed: number, families: number): Promise<TempStore> {
  const temp = openTempStore();
  await writeHistory(temp.store, randomHistory({ seed, families }).commands, temp.clock);
  return temp;
}

async function bothWays(temp: TempStore, maxViolations?: number): Promise<{ sequential: AuditReport; parallel: AuditReport; progress: number[] }> {
  const store = await temp.reopen();
  const options = { catalog: demoCatalog, locateUnreadable: sqliteRowLocator(temp.file), ...(maxViolations ? { maxViolations } : {}) };
  const sequential = await verifyHistory(store, options);
  const progress: number[] = [];
  const parallel = await verifyHistory(store, {
    ...options,
    parallel: { file: temp.file, workers: 2, startWorker: startTypeScriptWorker },
    onProgress: (phase, done) => phase === 'history' && progress.push(done),
  });
  return { sequential, parallel, progress };
}

// Each worker compiles the sources it requires (about 5 s on these machines).
jest.setTimeout(120_000);

describe('verify on worker threads gives the sequential report', () => {
  let temp: TempStore;
  afterEach(() => temp.dispose());

  test('a clean generated history: the same checks, details, totals and numbers', async () => {
    temp = await storeWithHistory(11, 40);
    const { sequential, parallel, progress } = await bothWays(temp);
    expect(sequential.ok).toBe(true);
    expect(sequential.totals.paymentsCents).toBeGreaterThan(0);
    expect(parallel).toEqual(sequential);
    // Progress came from the workers, up to the head.
    expect(progress[progress.length - 1]).toBe(eventRows(temp.file).reduce((max, row) => Math.max(max, row.position), 0));
  });

  test('a tampered history: the same findings, the first break first, each broken stream once, families with gaps left out alike', async () => {
    temp = await storeWithHistory(12, 30);
    const families = eventRows(temp.file, "stream_id LIKE 'family-%'");
    const streams = [...new Set(families.map((row) => row.stream_id))];
    const rowsOf = (streamId: string) => families.filter((row) => row.stream_id === streamId);
    // The first family seen loses its last event (TRUNCATED); a later one has its first event
    // edited (HASH_MISMATCH), the history's first broken link; a third loses one in the middle.
    const [a, b, c] = [streams[0], streams[3], streams[6]];
    deleteRow(temp.file, rowsOf(a)[rowsOf(a).length - 1].position);
    const bFirst = rowsOf(b)[0];
    const index = bFirst.data.indexOf(':"') + 2; // the first letter of a string value: still JSON
    changeOneByte(temp.file, bFirst.position, index, bFirst.data[index] === 'x' ? 'y' : 'x');
    deleteRow(temp.file, rowsOf(c)[2].position);

    const { sequential, parallel } = await bothWays(temp);

    const chains = sequential.checks.find((check) => check.id === 'hash-chains');
    expect(chains?.violations.map((violation) => [violation.streamId, violation.code])).toEqual([[b, 'HASH_MISMATCH'], [a, 'TRUNCATED'], [c, 'REVISION_GAP']]);
    expect(parallel).toEqual(sequential);
  });

  test('more findings than kept: the same first ones and the same count', async () => {
    temp = await storeWithHistory(13, 20);
    for (const row of eventRows(temp.file, "type = 'ReservationRequested'").slice(0, 6)) deleteRow(temp.file, row.position);
    const { sequential, parallel } = await bothWays(temp, 2);
    expect(sequential.ok).toBe(false);
    expect(parallel).toEqual(sequential);
  });

  test('a row that is no longer JSON: the sequential pass runs and names it', async () => {
    temp = await storeWithHistory(14, 10);
    const target = eventRows(temp.file, "stream_id LIKE 'family-%'")[7];
    cutText(temp.file, target.position, 'data');
    const { sequential, parallel } = await bothWays(temp);
    expect(sequential.checks.find((check) => check.id === 'hash-chains')?.violations[0]).toMatchObject({ code: 'UNREADABLE_EVENT', position: target.position });
    expect(parallel).toEqual(sequential);
  });
});

test('workers: as asked, else one per core (at most four) on a large history, sequential on a small one or one core', () => {
  expect(verifyWorkers(3, 10)).toBe(3);
  expect(verifyWorkers(1, 10_000_000, 8)).toBe(1);
  expect(verifyWorkers('auto', PARALLEL_MIN_EVENTS - 1, 8)).toBe(1);
  expect(verifyWorkers(undefined, PARALLEL_MIN_EVENTS, 2)).toBe(2);
  expect(verifyWorkers('auto', 5_000_000, 16)).toBe(4);
  expect(verifyWorkers('auto', 5_000_000, 1)).toBe(1);
});
