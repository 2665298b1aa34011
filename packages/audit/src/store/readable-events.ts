import type { EventStore, StoredEvent } from '@periscol/event-store';

/**
 * A stream's events that the store can read. When a row does not parse, the whole read fails:
 * the stream is then read again one event at a time, stepping over the rows that fail (the
 * hash-chain check reports them), so a check still sees every other event.
 */
export async function readableEvents(store: EventStore, streamId: string): Promise<readonly StoredEvent[]> {
  try {
    return (await store.readStream(streamId)).events;
  } catch {
    // Read one at a time below.
  }
  const { currentRevision } = await store.readStream(streamId, { maxCount: 0 });
  const events: StoredEvent[] = [];
  for (let revision = 0; ; ) {
    try {
      const [event] = (await store.readStream(streamId, { fromRevision: revision, maxCount: 1 })).events;
      if (event === undefined) return events;
      events.push(event);
      revision = event.revision + 1;
    } catch {
      if (revision > currentRevision) return events;
      revision++;
    }
  }
}
