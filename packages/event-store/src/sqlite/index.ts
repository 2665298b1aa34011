// `@periscol/event-store/sqlite`: the embedded store. Loads `better-sqlite3` (an optional peer
// dependency: install it beside this package).
export { SqliteEventStore } from './sqlite-event-store.adapter';
export type { ReplayStoredEvent, SqliteEventStoreOptions } from './sqlite-event-store.adapter';
