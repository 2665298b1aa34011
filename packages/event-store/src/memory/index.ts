// `@periscol/event-store/memory`: the in-memory store (tests, demos). No dependency; the root
// entry exports it too.
export { InMemoryEventStore } from './in-memory-event-store.adapter';
export type { InMemoryEventStoreOptions } from './in-memory-event-store.adapter';
