// `@periscol/event-store/eventstoredb`: the EventStoreDB adapter. Loads `@eventstore/db-client`
// (an optional peer dependency: install it beside this package).
export { EventStoreDbEventStore } from './eventstoredb.adapter';
export type { EventStoreDbEventStoreOptions, SetTimer, SubscriptionRetry } from './eventstoredb.options';
export { EventStoreUnavailableError, InvalidConnectionStringError, SubscriptionDroppedError } from './eventstoredb.errors';
export { connectionStringProblem } from './connection-string';
export { DELETED_STREAMS_STREAM } from './deleted-streams';
