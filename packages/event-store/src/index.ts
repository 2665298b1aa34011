// `@periscol/event-store`: the port, its errors, hash chains, the command loop, the consumers and
// the in-memory store. Importing it loads neither `better-sqlite3` nor `@eventstore/db-client`.
export * from './event-store.port';
export * from './event-store.errors';
export { systemClock } from './clock';
export type { Clock } from './clock';
export { canonicalJson, NotJsonError } from './canonical-json';
export { deterministicEventId, isUuid, PERISCOL_EVENT_ID_NAMESPACE } from './event-id';
export { computeEventHash, hashOfStoredEvent, HashChainVerifier, STORE_METADATA_KEYS, verifyHashChain, verifyStore } from './hash-chain';
export type { ChainBreakReason, ChainVerification, StoreVerification } from './hash-chain';
export * from './memory';
// The SQLite, PostgreSQL and EventStoreDB adapters are the `/sqlite`, `/postgres` and
// `/eventstoredb` entries: each loads its optional peer dependency. From here they are opened
// lazily, by configuration.
export { connectEventStoreDb, openEventStore, openPostgresEventStore, SQLITE_EVENTS_FILE } from './open-event-store';
export type { OpenEventStoreConfig } from './open-event-store';
export type { EventStoreDbEventStoreOptions } from './eventstoredb/eventstoredb.options';
export type { PostgresEventStoreOptions } from './postgres/postgres-event-store.options';
// No client import in these two: an EventStoreDB connection string is checked before connecting.
export { connectionStringProblem } from './eventstoredb/connection-string';
export { EventStoreUnavailableError, InvalidConnectionStringError, SubscriptionDroppedError } from './eventstoredb/eventstoredb.errors';
export type { SqliteEventStoreOptions } from './sqlite/sqlite-event-store.adapter';
export { handleCommand } from './command-loop';
export type { CommandMetadata, CommandResult, Decider, HandleCommandOptions, NewEventData } from './command-loop';
export { CheckpointTable } from './consumers/checkpoints';
export type { Checkpoint, NamedCheckpoint } from './consumers/checkpoints';
export { ProjectionFailedError, ProjectionWaitTimeoutError, ReactorWaitTimeoutError } from './consumers/consumer.errors';
export { ProjectorRunner } from './consumers/projector';
export type { Projector, ProjectorRunnerOptions, ProjectorStatus, ProjectorSubscriptionStatus } from './consumers/projector';
export { ReactorRunner } from './consumers/reactor';
export type { Reactor, ReactorFailure, ReactorRunnerOptions, ReactorStatus, SetTimer } from './consumers/reactor';
export { Lease } from './consumers/lease';
export type { LeaseOptions, LeaseStatus } from './consumers/lease';
export { decideLease, LEASE_STREAM_PREFIX, leaseRecordOf, leaseStreamId } from './consumers/lease-stream';
export type { LeaseDecision, LeaseEventType, LeaseHead, LeaseRecord } from './consumers/lease-stream';
export { LeasedReactor } from './consumers/leased-reactor';
export type { LeasedReactorOptions } from './consumers/leased-reactor';
export { ProjectionRunner } from './projection-runner';
export type { Projection, ProjectionRunnerOptions, ProjectionStatus } from './projection-runner';
