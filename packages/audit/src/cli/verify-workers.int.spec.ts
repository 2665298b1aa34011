import { cli } from '../testing/cli-harness';
import { randomHistory, writeHistory } from '../testing/random-history';
import { openTempStore, type TempStore } from '../testing/temp-store';

let temp: TempStore;

beforeAll(async () => {
  temp = openTempStore();
  await writeHistory(temp.store, randomHistory({ seed: 31, families: 3 }).commands, temp.clock);
  await temp.store.close();
});

afterAll(() => temp.dispose());

const run = (argv: string[], progress?: boolean) => cli(['verify', '--db', 'events.sqlite', '--no-projections', ...argv], { cwd: temp.dir, env: {}, ...(progress === undefined ? {} : { progress }) });

describe('periscol-audit verify --workers and its progress line', () => {
  test.each([['0'], ['two'], ['-1']])('--workers %s is a usage error', async (value) => {
    const result = await run(['--workers', value]);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--workers');
  });

  test('--workers 1 and auto (a small store: sequential) verify clean', async () => {
    expect((await run(['--workers', '1', '--quiet'])).code).toBe(0);
    expect((await run(['--workers', 'auto', '--quiet'])).code).toBe(0);
  });

  test('no progress line when stderr is no terminal, even without --quiet', async () => {
    const result = await run([], false);
    expect(result.code).toBe(0);
    expect(result.stderr).toBe('');
  });

  test('on a terminal: a progress line with positions/s', async () => {
    const result = await run([], true);
    expect(result.stderr).toMatch(/\rhistory {6}\[=+\] 100% +[\d,]+ \/ [\d,]+ positions +[\d,]+ positions\/s/);
  });
});
