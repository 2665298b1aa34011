import type { Clock } from '../clock/clock';

export type RateDecision = { readonly allowed: true } | { readonly allowed: false; readonly retryAfterSeconds: number };

/** Past this many clients in one window, new ones share one counter (memory stays bounded). */
const MAX_KEYS_PER_WINDOW = 100_000;
const OVERFLOW_KEY = '(overflow)';

/**
 * Counts requests per key in fixed windows aligned on the injected clock (tests move a
 * ManualClock instead of sleeping). In memory, per process: behind several API processes each
 * keeps its own counts, so a client may get up to N × the limit.
 */
export class FixedWindowRateLimiter {
  private window = Number.NaN;
  private readonly counts = new Map<string, number>();

  constructor(
    private readonly clock: Clock,
    private readonly windowMs = 60_000,
  ) {}

  /** Counts one request of `key`; refused once it exceeds `limit` in the current window. */
  take(key: string, limit: number): RateDecision {
    const now = this.clock.now().getTime();
    const window = Math.floor(now / this.windowMs);
    // Every key shares the aligned window, so a new window simply starts from zero.
    if (window !== this.window) {
      this.window = window;
      this.counts.clear();
    }
    const slot = this.counts.has(key) || this.counts.size < MAX_KEYS_PER_WINDOW ? key : OVERFLOW_KEY;
    const count = (this.counts.get(slot) ?? 0) + 1;
    this.counts.set(slot, count);
    if (count <= limit) return { allowed: true };
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(((window + 1) * this.windowMs - now) / 1000)) };
  }
}
