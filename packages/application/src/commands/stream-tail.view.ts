import type { EventStore } from '@periscol/event-store';

/**
 * The store as `handleCommand` sees it for one command: reading `streamId` in full returns only
 * the events after `afterRevision` (with the stream's true current revision), because the
 * decider's `initialState()` is the snapshot at `afterRevision`. Every other call goes to the
 * store unchanged, so the expected-revision check, retries and event-id dedupe are the loop's own.
 */
export function streamTailView(store: EventStore, streamId: string, afterRevision: number): EventStore {
  if (afterRevision < 0) return store;
  return {
    kind: store.kind,
    appendToStream: (id, events, options) => store.appendToStream(id, events, options),
    appendMany: (appends) => store.appendMany(appends),
    readStream: (id, options) => (id === streamId && options === undefined ? store.readStream(id, { fromRevision: afterRevision + 1 }) : store.readStream(id, options)),
    readAll: (options) => store.readAll(options),
    headPosition: () => store.headPosition(),
    subscribeToAll: (options) => store.subscribeToAll(options),
    deleteStream: (id) => store.deleteStream(id),
    close: () => store.close(),
  };
}
