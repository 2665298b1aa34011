import { ManualClock, SystemClock } from './clock';

describe('clocks', () => {
  it('ManualClock stands still until set or advanced', () => {
    const clock = new ManualClock('2026-11-26T09:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-11-26T09:00:00.000Z');
    expect(clock.now().toISOString()).toBe('2026-11-26T09:00:00.000Z');
    clock.advance({ days: 1, hours: 2, minutes: 3, seconds: 4, milliseconds: 5 });
    expect(clock.now().toISOString()).toBe('2026-11-27T11:03:04.005Z');
    clock.advance(1000);
    expect(clock.now().toISOString()).toBe('2026-11-27T11:03:05.005Z');
    clock.set('2027-01-01T00:00:00+01:00');
    expect(clock.now().toISOString()).toBe('2026-12-31T23:00:00.000Z');
  });

  it('ManualClock hands out copies: callers cannot move time by mutating a Date', () => {
    const clock = new ManualClock('2026-11-26T09:00:00.000Z');
    clock.now().setFullYear(2000);
    expect(clock.now().getUTCFullYear()).toBe(2026);
  });

  it('ManualClock refuses to go backwards or to an invalid instant', () => {
    const clock = new ManualClock();
    expect(() => clock.advance(-1)).toThrow(RangeError);
    expect(() => clock.advance({ minutes: -5 })).toThrow(RangeError);
    expect(() => clock.set('not a date')).toThrow(RangeError);
  });

  it('SystemClock reads the real time', () => {
    const before = Date.now();
    const now = new SystemClock().now().getTime();
    expect(now).toBeGreaterThanOrEqual(before);
  });
});
