import { quantile, schedule } from './fixed-rate';

describe('the fixed-rate schedule', () => {
  it('spaces each stream at its own rate and merges them in time order', () => {
    expect(schedule([{ ratePerSecond: 2 }, { ratePerSecond: 4 }], 1)).toEqual([
      [0, 0, 0],
      [0, 1, 0],
      [250, 1, 1],
      [500, 0, 1],
      [500, 1, 2],
      [750, 1, 3],
    ]);
  });

  it('sends rate × seconds requests per stream, no more', () => {
    const due = schedule([{ ratePerSecond: 100 }, { ratePerSecond: 300 }], 60);
    expect(due.filter(([, s]) => s === 0)).toHaveLength(6_000);
    expect(due.filter(([, s]) => s === 1)).toHaveLength(18_000);
    expect(Math.max(...due.map(([at]) => at))).toBeLessThan(60_000);
  });

  it('refuses a rate that is not positive', () => {
    expect(() => schedule([{ ratePerSecond: 0 }], 1)).toThrow(RangeError);
  });

  it('reads quantiles by nearest rank', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect([quantile(values, 0.5), quantile(values, 0.99), quantile(values, 1), quantile([], 0.5)]).toEqual([50, 99, 100, 0]);
  });
});
