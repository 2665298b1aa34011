import { randomUUID } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import type { EventStore, ExpectedRevision } from '@periscol/event-store';
import { Clock, CLOCK } from '../clock/clock';
import { EVENT_STORE } from '../store/event-store.token';
import { readRequestCompleted, REQUEST_COMPLETED, REQUEST_COMPLETED_SCHEMA_VERSION, RequestCompleted } from './request-completed.event';

/** What a request recorded: its fingerprint and its answer. */
export type CompletedRequestInput = Omit<RequestCompleted, 'completedAt'>;

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

  async complete(
    streamId: string,
    record: CompletedRequestInput,
    meta: { actor?: { userId: string; role: string }; correlationId?: string },
  ): Promise<CompletionOutcome> {
    const data: RequestCompleted = { ...record, completedAt: this.clock.now().toISOString() };
    try {
      const result = await this.store.appendToStream(
        streamId,
        [
          {
            type: REQUEST_COMPLETED,
            data,
            metadata: {
              // Random on purpose: two racing requests must not look like one append to the
              // store's event-id dedupe; the expected revision alone picks the winner.
              eventId: randomUUID(),
              schemaVersion: REQUEST_COMPLETED_SCHEMA_VERSION,
              ...(meta.correlationId ? { correlationId: meta.correlationId } : {}),
              ...(meta.actor ? { actor: meta.actor } : {}),
            },
          },
        ],
        { expectedRevision: FIRST_WRITE_ONLY },
      );
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
function isWrongExpectedRevision(error: unknown): boolean {
  return typeof error === 'object' && error !== null && (error as { code?: unknown }).code === 'WRONG_EXPECTED_REVISION';
}
