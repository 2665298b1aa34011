/**
 * The event ids of the streams this process appended to lately, so that an append reads only the
 * stream's tail and what other processes wrote since, yet still recognises a replay of a batch
 * written anywhere in the stream (the port promises it whatever the expected revision; the
 * server's own id check covers only the revisions right after the expected one, or, with `any`,
 * a bounded cache of recent writes). The first append to a stream in a process reads it whole.
 * Least recently used streams are forgotten beyond `capacity`.
 */
import type { ExistingEvent } from '../append-rules';
import type { StoredEvent } from '../event-store.port';

interface KnownStream {
  /** Highest revision whose id is known. */
  revision: number;
  lastEventId: string;
  readonly events: Map<string, ExistingEvent>;
}

/** Reads a stream's events from a revision (at most `maxCount` when given). */
export type StreamSlice = (fromRevision: number, maxCount?: number) => Promise<readonly StoredEvent[]>;

export class StreamEventIds {
  private readonly streams = new Map<string, KnownStream>();

  constructor(private readonly capacity: number) {}

  /** The ids of `streamId` up to `tail` (its last event, just read), reading only what is not known yet. */
  async through(streamId: string, tail: StoredEvent, read: StreamSlice): Promise<ReadonlyMap<string, ExistingEvent>> {
    let known = this.streams.get(streamId);
    // Changed behind this process's back (deleted and recreated, truncated): start again.
    if (known && (known.revision > tail.revision || (known.revision === tail.revision && known.lastEventId !== tail.metadata.eventId))) known = undefined;
    if (known && known.revision < tail.revision) {
      const missing = await read(known.revision + 1, tail.revision - known.revision);
      if (missing[0]?.revision === known.revision + 1) this.add(known, missing);
      else known = undefined;
    }
    if (!known) {
      known = { revision: -1, lastEventId: '', events: new Map() };
      this.add(known, await read(0));
    }
    this.keep(streamId, known);
    return known.events;
  }

  /** Events this process just wrote, read back: they follow what it knows, or start the stream. */
  record(streamId: string, events: readonly StoredEvent[]): void {
    let known = this.streams.get(streamId);
    if (!known && events[0]?.revision === 0) known = { revision: -1, lastEventId: '', events: new Map() };
    if (known && events[0]?.revision === known.revision + 1) {
      this.add(known, events);
      this.keep(streamId, known);
    } else {
      this.streams.delete(streamId);
    }
  }

  forget(streamId: string): void {
    this.streams.delete(streamId);
  }

  private add(known: KnownStream, events: readonly StoredEvent[]): void {
    for (const event of events) {
      known.events.set(event.metadata.eventId, { streamId: event.streamId, revision: event.revision, position: event.position });
      if (event.revision > known.revision) {
        known.revision = event.revision;
        known.lastEventId = event.metadata.eventId;
      }
    }
  }

  private keep(streamId: string, known: KnownStream): void {
    this.streams.delete(streamId);
    this.streams.set(streamId, known);
    while (this.streams.size > this.capacity) this.streams.delete(this.streams.keys().next().value as string);
  }
}
