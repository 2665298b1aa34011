/**
 * Catch-up-then-live subscription over `readAll`, shared by the in-memory and SQLite adapters:
 * read pages after the checkpoint until none is left, then sleep until this process appends
 * (the store's `ChangeSignal`) or, when a poll interval is set, until it elapses (appends made
 * by another process on the same SQLite file).
 */
import type { StoredEvent, SubscribeOptions, Subscription } from './event-store.port';

/** Wakes idle subscriptions when the store appended. The version closes the check-then-wait race. */
export class ChangeSignal {
  private counter = 0;
  private readonly listeners = new Set<() => void>();

  get version(): number {
    return this.counter;
  }

  notify(): void {
    this.counter++;
    for (const listener of [...this.listeners]) listener();
  }

  on(listener: () => void): void {
    this.listeners.add(listener);
  }

  off(listener: () => void): void {
    this.listeners.delete(listener);
  }
}

export type PageReader = (after: number, limit: number) => Promise<readonly StoredEvent[]>;

export const DEFAULT_SUBSCRIPTION_BATCH = 500;

export function defaultSubscriptionErrorHandler(error: unknown): void {
  console.error('[event-store] subscription stopped on error:', error);
}

export class PollingSubscription implements Subscription {
  private stopped = false;
  private interrupt: (() => void) | undefined;
  private readonly finished: Promise<void>;

  constructor(
    private readonly readPage: PageReader,
    private readonly signal: ChangeSignal,
    private readonly options: SubscribeOptions,
    private readonly pollIntervalMs: number | undefined,
    private readonly onFinished?: (subscription: PollingSubscription) => void,
  ) {
    this.finished = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.interrupt?.();
    await this.finished;
  }

  private async run(): Promise<void> {
    let after = this.options.after;
    const batchSize = this.options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH;
    try {
      while (!this.stopped) {
        const seen = this.signal.version;
        const events = await this.readPage(after, batchSize);
        if (this.stopped) break;
        if (events.length > 0) {
          await this.options.handler(events);
          after = events[events.length - 1].position;
          continue;
        }
        await this.idle(seen);
      }
    } catch (error) {
      this.stopped = true;
      (this.options.onError ?? defaultSubscriptionErrorHandler)(error);
    } finally {
      this.onFinished?.(this);
    }
  }

  private idle(seenVersion: number): Promise<void> {
    return new Promise((resolve) => {
      if (this.stopped || this.signal.version !== seenVersion) return resolve();
      let timer: NodeJS.Timeout | undefined;
      const wake = () => {
        if (timer) clearTimeout(timer);
        this.signal.off(wake);
        this.interrupt = undefined;
        resolve();
      };
      this.signal.on(wake);
      this.interrupt = wake;
      if (this.pollIntervalMs !== undefined) {
        timer = setTimeout(wake, this.pollIntervalMs);
        timer.unref();
      }
    });
  }
}
