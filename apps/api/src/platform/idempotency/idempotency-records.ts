import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, ExpectedRevision, StreamAppend } from '@periscol/event-store';
import { Clock, CLOCK } from '../clock/clock';
import { EVENT_STORE } from '../store/event-store.token';
import { readRequestCompleted, REQUEST_COMPLETED, REQUEST_COMPLETED_SCHEMA_VERSION, RequestCompleted } from './request-completed.event';

/** What a request recorded: its fingerprint and its answer. */
export type CompletedRequestInput = Omit<RequestCompleted, 'completedAt'>;

export interface CompletionMeta {
  readonly actor?: { userId: string; role: string };
  readonly correlationId?: string;
}

export type CompletionOutcome = { readonly won: true } | { readonly won: false; readonly winner: RequestCompleted };

/**
 * The only write that decides between concurrent requests with the same key: whoever appends
 * the stream's first event wins; the others re-read it and answer with it.
 */
const FIRST_WRITE_ONLY: ExpectedRevision = 'no_stream';

/**
 * Idempotency records kept in the event store itself (not a node-local table), so they survive
 * restarts and every process sharing the store agrees. One stream per caller and key.
 */
@Injectable()
export class IdempotencyRecords {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  static streamId(commandKey: string): string {
    return `idempotency-${commandKey}`;
  }

  async find(streamId: string): Promise<RequestCompleted | null> {
    const { events } = await this.store.readStream(streamId, { maxCount: 1 });
    return events.length === 0 ? null : readRequestCompleted(events[0]);
  }

  /**
   * The append that records a request's answer: what `complete` writes alone, or what a command
   * writes with its own events in one atomic append (`appendMany`, one durable write).
   */
  recordOf(streamId: string, record: CompletedRequestInput, meta: CompletionMeta): StreamAppend & { readonly data: RequestCompleted } {
    const data: RequestCompleted = { ...record, completedAt: this.clock.now().toISOString() };
    const metadata = {
      // Random on purpose: two racing requests must not look like one append to the
      // store's event-id dedupe; the expected revision alone picks the winner.
      eventId: randomUUID(),
      schemaVersion: REQUEST_COMPLETED_SCHEMA_VERSION,
      ...(meta.correlationId ? { correlationId: meta.correlationId } : {}),
      ...(meta.actor ? { actor: meta.actor } : {}),
    };
    return { streamId, events: [{ type: REQUEST_COMPLETED, data, metadata }], expectedRevision: FIRST_WRITE_ONLY, data };
  }

  async complete(streamId: string, record: CompletedRequestInput, meta: CompletionMeta): Promise<CompletionOutcome> {
    const { events, expectedRevision } = this.recordOf(streamId, record, meta);
    try {
      const result = await this.store.appendToStream(streamId, events, { expectedRevision });
      if (!result.deduplicated) return { won: true };
    } catch (error) {
      if (!isWrongExpectedRevision(error)) throw error;
    }
    const winner = await this.find(streamId);
    if (!winner) throw new Error(`Idempotency stream ${streamId}: append refused but no record found`);
    return { won: false, winner };
  }
}

// By code rather than `instanceof`: every adapter raises the port's error, but a duplicated
// module instance (two copies of the package) would defeat `instanceof`.
export function isWrongExpectedRevision(error: unknown, streamId?: string): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const { code, streamId: stream } = error as { code?: unknown; streamId?: unknown };
  return code === 'WRONG_EXPECTED_REVISION' && (streamId === undefined || stream === streamId);
}
