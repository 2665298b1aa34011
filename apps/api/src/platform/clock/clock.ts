/**
 * The only source of "now" in the API. Handlers, tokens and idempotency records read the
 * injected `Clock`; tests inject a `ManualClock` and move time explicitly.
 * (Request durations in logs use the monotonic `process.hrtime`, which is not wall time.)
 */
export interface Clock {
  now(): Date;
}

/** Injection token: `@Inject(CLOCK) private readonly clock: Clock`. */
export const CLOCK = Symbol('CLOCK');

export class SystemClock implements Clock {
  now(): Date {
    return new Date();
  }
}

export interface Duration {
  readonly days?: number;
  readonly hours?: number;
  readonly minutes?: number;
  readonly seconds?: number;
  readonly milliseconds?: number;
}

/** A clock that stands still until a test moves it. */
export class ManualClock implements Clock {
  private current: number;

  constructor(start: Date | string = '2026-11-26T09:00:00.000Z') {
    this.current = toEpochMs(start);
  }

  now(): Date {
    return new Date(this.current);
  }

  set(instant: Date | string): void {
    this.current = toEpochMs(instant);
  }

  /** Moves forward by a number of milliseconds or a duration; never backwards. */
  advance(by: number | Duration): void {
    const ms = typeof by === 'number' ? by : durationMs(by);
    if (!Number.isFinite(ms) || ms < 0) throw new RangeError(`ManualClock.advance: expected a duration >= 0, got ${String(ms)}`);
    this.current += ms;
  }
}

function toEpochMs(instant: Date | string): number {
  const ms = (typeof instant === 'string' ? new Date(instant) : instant).getTime();
  if (Number.isNaN(ms)) throw new RangeError(`ManualClock: invalid instant ${String(instant)}`);
  return ms;
}

function durationMs(d: Duration): number {
  return ((((d.days ?? 0) * 24 + (d.hours ?? 0)) * 60 + (d.minutes ?? 0)) * 60 + (d.seconds ?? 0)) * 1000 + (d.milliseconds ?? 0);
}
