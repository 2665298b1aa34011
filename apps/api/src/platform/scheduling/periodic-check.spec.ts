import type { Scheduler } from './due-work.timer';
import { PeriodicCheck } from './periodic-check';

/** A scheduler whose timers fire only when the test says so. */
function manualScheduler() {
  const timers: { run: () => void; delayMs: number }[] = [];
  const scheduler: Scheduler = {
    setTimeout: (run, delayMs) => {
      const timer = { run, delayMs };
      timers.push(timer);
      return timer;
    },
    clearTimeout: (handle) => {
      const at = timers.indexOf(handle as (typeof timers)[number]);
      if (at >= 0) timers.splice(at, 1);
    },
  };
  return { scheduler, timers, fire: () => timers.shift()?.run() };
}

describe('PeriodicCheck', () => {
  const now = new Date('2026-12-01T10:00:00Z');

  it('checks first after the interval, then again after each check, a failed one included', async () => {
    const { scheduler, timers, fire } = manualScheduler();
    const seen: Date[] = [];
    const errors: unknown[] = [];
    let fail = true;
    const check = new PeriodicCheck({
      everyMs: 3_600_000,
      run: async (at) => {
        seen.push(at);
        if (fail) throw new Error('store unavailable');
      },
      clock: () => now,
      onError: (error) => errors.push(error),
      scheduler,
    });
    check.start();
    check.start(); // once only
    expect(timers.map((t) => t.delayMs)).toEqual([3_600_000]);
    fire();
    await check.stop().then(() => check.start()); // waits for the running check
    expect(seen).toEqual([now]);
    expect(errors).toHaveLength(1);
    fail = false;
    fire();
    await new Promise((resolve) => setImmediate(resolve));
    expect(seen).toHaveLength(2);
    expect(timers).toHaveLength(1); // armed again
    await check.stop();
    expect(timers).toHaveLength(0);
  });
});
