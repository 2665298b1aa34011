import { duration, ProgressBar } from './progress-bar';

describe('the progress bar', () => {
  test('shows the rate and the time left at that rate', () => {
    let now = 0;
    const bar = new ProgressBar(undefined, 'history', { unit: 'positions', rate: true, now: () => now });
    now = 2000;
    bar.update(500_000, 2_000_000);
    expect(bar.render()).toBe('history  [=====>                  ]  25%  500,000 / 2,000,000 positions  250,000 positions/s  ETA 0:06');
  });

  test('no time left once done, nor before any progress', () => {
    let now = 0;
    const bar = new ProgressBar(undefined, 'replay', { unit: 'events', rate: true, now: () => now });
    now = 1000;
    bar.update(0, 10);
    expect(bar.render()).not.toContain('ETA');
    bar.update(10, 10);
    expect(bar.render()).not.toContain('ETA');
  });

  test('durations in minutes and hours', () => {
    expect(duration(0.2)).toBe('0:01');
    expect(duration(75)).toBe('1:15');
    expect(duration(3725)).toBe('1:02:05');
  });
});
