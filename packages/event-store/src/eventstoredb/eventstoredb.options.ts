import type { Clock } from '../clock';

/**
 * Options of the EventStoreDB adapter, in a file of their own: the package's root entry
 * (`connectEventStoreDb`) names them without loading the adapter's types, which import
 * `@eventstore/db-client`, an optional peer dependency.
 */
export interface EventStoreDbEventStoreOptions {
  readonly clock?: Clock;
  /** Internal retries of an `any`/`stream_exists` append that lost a race, or met a node no longer leader (default 10). */
  readonly internalRetries?: number;
  /**
   * Longest wait for one read or append, in ms (default: the connection string's
   * `defaultDeadline`, else 10 000). The client gives reads no deadline at all: the adapter
   * cancels a read that has not finished in time.
   */
  readonly deadlineMs?: number;
  /** Largest append sent, in bytes of event data and metadata (default 1 MiB, the server's default `MaxAppendSize`). */
  readonly maxAppendSize?: number;
  /**
   * Reconnection of a subscription to `$all` after a lost connection: a first delay doubling up to
   * `maxMs`; after `maxAttempts` failures in a row without progress (no record received, the live
   * call never found caught up), the subscription stops with `SubscriptionDroppedError` (its
   * subscriber restarts it). Default 100 ms → 5 s, 10 attempts.
   */
  readonly subscriptionRetry?: SubscriptionRetry;
  /** How often a live subscription compares the head of `$all` with the last event it received (default 30 s). */
  readonly watchdogIntervalMs?: number;
  /** Streams whose event ids one process keeps, so that an append reads only the stream's tail (default 1000). */
  readonly knownStreams?: number;
  /** Schedules `callback` after `delayMs` and returns its cancel (default: an unref'd `setTimeout`). */
  readonly setTimer?: SetTimer;
}

export interface SubscriptionRetry {
  readonly initialMs: number;
  readonly maxMs: number;
  readonly maxAttempts: number;
}

export type SetTimer = (callback: () => void, delayMs: number) => () => void;

export const DEFAULT_DEADLINE_MS = 10_000;
export const DEFAULT_MAX_APPEND_SIZE = 1024 * 1024;
export const DEFAULT_SUBSCRIPTION_RETRY: SubscriptionRetry = { initialMs: 100, maxMs: 5_000, maxAttempts: 10 };
export const DEFAULT_WATCHDOG_INTERVAL_MS = 30_000;

export const unrefTimer: SetTimer = (callback, delayMs) => {
  const timer = setTimeout(callback, delayMs);
  timer.unref();
  return () => clearTimeout(timer);
};
