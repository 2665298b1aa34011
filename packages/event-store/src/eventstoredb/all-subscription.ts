/**
 * A subscription to `$all` that outlives its connection.
 *
 * It catches up by reading pages of `$all` (a batch per page, up to `batchSize`), then follows
 * the server's live subscription from the last record seen (a subscription from a position
 * starts after it). When the connection is lost (unavailable, cancelled, not leader, deadline
 * exceeded), when the server ends the call, or when the watchdog finds the head of `$all` past
 * the last record received two looks in a row (a call that stalled without an error), it waits
 * a backoff (doubling up to a maximum) and starts again from the last record seen: nothing
 * delivered twice, nothing skipped. After `maxAttempts` failures in a row without progress,
 * or on any other error (a throwing handler, access denied), it stops and reports once through
 * `onError`. Whatever ends a client call, the call is cancelled.
 */
import { excludeSystemEvents } from '@eventstore/db-client';
import type { AllStreamResolvedEvent, AllStreamSubscription, EventStoreDBClient } from '@eventstore/db-client';
import type { StoredEvent, SubscribeOptions, Subscription } from '../event-store.port';
import { DEFAULT_SUBSCRIPTION_BATCH, defaultSubscriptionErrorHandler } from '../live-subscription';
import type { AllStreamReads } from './all-stream-reads';
import type { DeletedStreams } from './deleted-streams';
import { EventStoreUnavailableError, isConnectionLost, SubscriptionDroppedError } from './eventstoredb.errors';
import type { SetTimer, SubscriptionRetry } from './eventstoredb.options';
import { positionNumber, readPositionOf } from './recorded-events';

export interface AllSubscriptionContext {
  readonly client: EventStoreDBClient;
  readonly reads: AllStreamReads;
  readonly deletedStreams: DeletedStreams;
  readonly retry: SubscriptionRetry;
  readonly watchdogIntervalMs: number;
  readonly setTimer: SetTimer;
}

/** The subscriber's handler threw: never retried, reported as it is. */
class HandlerFailure extends Error {
  constructor(readonly failure: unknown) {
    super('subscription handler failed');
  }
}

/** The live call ended without an error (by the server, or by the watchdog). */
class CallEnded extends Error {}

export class AllSubscription implements Subscription {
  private stopped = false;
  private readonly stopping = new AbortController();
  /** Position of the last record of `$all` seen: delivered, or skipped as not for the subscriber. */
  private lastSeen: number;
  private live: AllStreamSubscription | undefined;
  /** The watchdog found the live call caught up with the head at least once. */
  private liveConfirmed = false;
  private handlerRunning = false;
  private endBackoff: (() => void) | undefined;
  private readonly finished: Promise<void>;

  constructor(
    private readonly context: AllSubscriptionContext,
    private readonly options: SubscribeOptions,
    private readonly onFinished: (subscription: AllSubscription) => void,
  ) {
    this.lastSeen = options.after;
    this.finished = this.run();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping.abort();
    this.endBackoff?.();
    await this.live?.unsubscribe().catch(() => undefined);
    await this.finished;
  }

  private async run(): Promise<void> {
    const { retry } = this.context;
    // Failures in a row: a streak ends once records were seen or the live call proved caught up,
    // so a call that fails at once after each reconnection is not retried forever at full speed.
    let failures = 0;
    let seenAtStreakStart = this.lastSeen;
    try {
      while (!this.stopped) {
        try {
          await this.catchUp();
          if (this.stopped) break;
          await this.follow();
        } catch (error) {
          if (this.stopped) break;
          if (!isRetryable(error)) throw error;
          if (this.lastSeen > seenAtStreakStart || this.liveConfirmed) {
            failures = 0;
            seenAtStreakStart = this.lastSeen;
          }
          failures++;
          if (failures > retry.maxAttempts) throw new SubscriptionDroppedError(failures, error instanceof EventStoreUnavailableError ? error.cause : error);
          await this.backoff(Math.min(retry.maxMs, retry.initialMs * 2 ** (failures - 1)));
        }
      }
    } catch (error) {
      if (!this.stopped) {
        this.stopped = true;
        (this.options.onError ?? defaultSubscriptionErrorHandler)(error instanceof HandlerFailure ? error.failure : error);
      }
    } finally {
      this.onFinished(this);
    }
  }

  /** Pages of `$all` until none is left; deletions are read again before each page. */
  private async catchUp(): Promise<void> {
    const batchSize = this.options.batchSize ?? DEFAULT_SUBSCRIPTION_BATCH;
    for (;;) {
      await this.context.deletedStreams.refresh();
      const page = await this.context.reads.page(this.lastSeen, batchSize, this.stopping.signal);
      if (this.stopped) return;
      const events = page.records.flatMap((record) => (record.event ? [record.event] : []));
      if (events.length > 0) await this.deliver(events);
      const last = page.records[page.records.length - 1];
      if (last) this.lastSeen = last.position;
      if (page.exhausted || !last) return;
    }
  }

  /** The server's live subscription, from the last record seen, until it fails or ends. */
  private async follow(): Promise<void> {
    const call = this.context.client.subscribeToAll({ fromPosition: readPositionOf(this.lastSeen), filter: excludeSystemEvents() });
    this.live = call;
    this.liveConfirmed = false;
    const watchdog = this.watch(call);
    try {
      for await (const resolved of call as AsyncIterable<AllStreamResolvedEvent>) {
        if (this.stopped) return;
        const event = resolved.event;
        if (!event) continue;
        const position = positionNumber(event.position);
        if (position <= this.lastSeen) continue;
        const stored = this.context.reads.deliverable(event, event.position);
        if (stored) await this.deliver([stored]);
        this.lastSeen = position;
      }
    } finally {
      watchdog.stop();
      this.live = undefined;
      await call.unsubscribe().catch(() => undefined);
    }
    if (!this.stopped) throw new CallEnded(watchdog.stalled() ? 'no event received while the head of $all moved past it: restarting' : 'the server ended the subscription');
  }

  private async deliver(events: readonly StoredEvent[]): Promise<void> {
    if (this.stopped) return;
    this.handlerRunning = true;
    try {
      await this.options.handler(events);
    } catch (error) {
      throw new HandlerFailure(error);
    } finally {
      this.handlerRunning = false;
    }
  }

  /**
   * Every interval, the last record of `$all` the subscription should receive is compared with
   * the last one it did: behind twice in a row (not just an event in flight), the call is
   * cancelled and the subscription restarts. Not judged while a handler runs.
   */
  private watch(call: AllStreamSubscription): { stop(): void; stalled(): boolean } {
    const { setTimer, watchdogIntervalMs, reads } = this.context;
    let active = true;
    let stalled = false;
    let suspect: number | undefined;
    let cancelTimer = () => undefined as void;
    const look = async () => {
      try {
        if (!this.handlerRunning) {
          const head = await reads.lastSubscribable();
          if (!active) return;
          if (suspect !== undefined && this.lastSeen < suspect) {
            stalled = true;
            await call.unsubscribe();
            return;
          }
          suspect = head > this.lastSeen ? head : undefined;
          if (suspect === undefined) this.liveConfirmed = true;
        }
      } catch {
        // The head could not be read: the subscription's own call reports a lost connection.
      }
      if (active) cancelTimer = setTimer(() => void look(), watchdogIntervalMs);
    };
    cancelTimer = setTimer(() => void look(), watchdogIntervalMs);
    return {
      stop: () => {
        active = false;
        cancelTimer();
      },
      stalled: () => stalled,
    };
  }

  private backoff(delayMs: number): Promise<void> {
    return new Promise((resolve) => {
      const cancel = this.context.setTimer(() => end(), delayMs);
      const end = () => {
        cancel();
        this.endBackoff = undefined;
        resolve();
      };
      this.endBackoff = end;
    });
  }
}

function isRetryable(error: unknown): boolean {
  return error instanceof CallEnded || error instanceof EventStoreUnavailableError || isConnectionLost(error);
}
