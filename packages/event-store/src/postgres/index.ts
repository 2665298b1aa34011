// `@periscol/event-store/postgres`: the PostgreSQL adapter. Loads `pg` (an optional peer
// dependency: install it beside this package).
export { PostgresEventStore } from './postgres-event-store.adapter';
export type { PostgresEventStoreOptions } from './postgres-event-store.options';
export { PostgresNotDurableError, PostgresSchemaTooNewError } from './postgres.errors';
export { POSTGRES_SCHEMA_VERSION } from './postgres-schema';
