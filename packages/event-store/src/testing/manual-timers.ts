/**
 * Timers a test fires itself: `setTimer` has the shape the adapter and the runners take
 * (`(callback, delayMs) => cancel`), `advance(ms)` moves virtual time and runs what fell due, in
 * order, letting the promises they start settle in between. No real time passes.
 */
export class ManualTimers {
  private current = 0;
  private sequence = 0;
  private timers: { at: number; order: number; callback: () => void }[] = [];

  readonly setTimer = (callback: () => void, delayMs: number): (() => void) => {
    const timer = { at: this.current + Math.max(0, delayMs), order: this.sequence++, callback };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter((candidate) => candidate !== timer);
    };
  };

  /** Virtual milliseconds since the start. */
  now(): number {
    return this.current;
  }

  /** Delays of the timers waiting to fire, from now. */
  pending(): number[] {
    return this.timers.map((timer) => timer.at - this.current).sort((a, b) => a - b);
  }

  async advance(ms: number): Promise<void> {
    const until = this.current + ms;
    for (;;) {
      await settle();
      const due = this.timers.filter((timer) => timer.at <= until).sort((a, b) => a.at - b.at || a.order - b.order)[0];
      if (!due) break;
      this.timers = this.timers.filter((timer) => timer !== due);
      this.current = due.at;
      due.callback();
    }
    this.current = until;
    await settle();
  }
}

/** Lets pending promise chains and I/O callbacks run (a turn of the event loop, not a delay). */
export async function settle(turns = 20): Promise<void> {
  for (let i = 0; i < turns; i++) await new Promise<void>((resolve) => setImmediate(resolve));
}

/** Waits until `condition()` holds, failing after `timeoutMs` of real time (a bound, not a sleep). */
export async function eventually(condition: () => boolean, description: string, timeoutMs = 2000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`Timed out waiting for: ${description}`);
    await new Promise<void>((resolve) => setImmediate(resolve));
  }
}
