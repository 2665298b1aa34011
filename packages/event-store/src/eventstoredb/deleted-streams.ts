/**
 * The streams deleted for R17, kept in EventStoreDB itself: a tombstoned stream's events stay in
 * `$all` until the next scavenge, so `readAll`, `headPosition` and subscriptions leave them out
 * by stream id. Each deletion is an event of `$periscol-deleted-streams` naming the stream,
 * written BEFORE the tombstone (a crash in between leaves the stream hidden, never exposed; the
 * retention operation calls `deleteStream` again). Every process reads that stream at its first
 * read of `$all` and follows it: again before each `readAll`, `headPosition` and subscription
 * batch (one short read, shared by concurrent callers), and as its events pass in `$all`.
 */
import { jsonEvent } from '@eventstore/db-client';
import type { EventStoreDBClient } from '@eventstore/db-client';
import { deterministicEventId } from '../event-id';
import { readStreamEvents, ReadLimits } from './client-reads';
import { toStoreError } from './eventstoredb.errors';

/** A `$`-stream: users' streams cannot take this name, and `readAll` never shows it. */
export const DELETED_STREAMS_STREAM = '$periscol-deleted-streams';
export const STREAM_DELETED_EVENT = 'PeriscolStreamDeleted';

const PAGE = 1000;

export class DeletedStreams {
  private readonly ids = new Set<string>();
  /** Revision of the last registry event read (-1: none). */
  private readRevision = -1;
  private running: Promise<void> | undefined;
  private queued: Promise<void> | undefined;

  constructor(
    private readonly client: EventStoreDBClient,
    private readonly limits: ReadLimits,
  ) {}

  has(streamId: string): boolean {
    return this.ids.has(streamId);
  }

  /**
   * Reads the deletions recorded since the last refresh, by any process. A caller arriving while
   * a read is under way gets the next one, which starts after its call.
   */
  refresh(): Promise<void> {
    if (this.queued) return this.queued;
    if (!this.running) {
      this.running = this.readNew().finally(() => (this.running = undefined));
      return this.running;
    }
    this.queued = this.running
      .catch(() => undefined)
      .then(() => {
        this.queued = undefined;
        return this.refresh();
      });
    return this.queued;
  }

  /** A registry event seen while reading `$all`. */
  observe(event: { readonly streamId: string; readonly type: string; readonly data: unknown }): void {
    if (event.streamId !== DELETED_STREAMS_STREAM || event.type !== STREAM_DELETED_EVENT) return;
    const streamId = deletedStreamIdOf(event.data);
    if (streamId !== undefined) this.ids.add(streamId);
  }

  /** Records that `streamId` is deleted, for every process. Idempotent (a deterministic event id). */
  async record(streamId: string, deadlineMs: number): Promise<void> {
    await this.refresh();
    if (this.ids.has(streamId)) return;
    const recorded = jsonEvent({ id: deterministicEventId(`periscol-deleted-stream:${streamId}`, 0), type: STREAM_DELETED_EVENT, data: { streamId } });
    try {
      await this.client.appendToStream(DELETED_STREAMS_STREAM, recorded, { expectedRevision: 'any', requiresLeader: true, deadline: deadlineMs });
    } catch (error) {
      throw toStoreError(error, `recording the deletion of ${streamId}`, { outcomeUnknown: true });
    }
    this.ids.add(streamId);
  }

  private async readNew(): Promise<void> {
    for (;;) {
      const read = await readStreamEvents(this.client, DELETED_STREAMS_STREAM, { fromRevision: this.readRevision + 1, maxCount: PAGE }, this.limits).catch((error: unknown) => {
        throw toStoreError(error, 'read of the deleted streams');
      });
      if (read.kind !== 'found') return;
      for (const event of read.events) {
        this.observe(event);
        this.readRevision = Math.max(this.readRevision, event.revision);
      }
      if (read.events.length < PAGE) return;
    }
  }
}

function deletedStreamIdOf(data: unknown): string | undefined {
  const streamId = typeof data === 'object' && data !== null ? (data as { streamId?: unknown }).streamId : undefined;
  return typeof streamId === 'string' ? streamId : undefined;
}
