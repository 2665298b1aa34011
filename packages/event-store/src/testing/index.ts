// `@periscol/event-store/testing`: what tests of the store's users need — the contract suite any
// adapter must pass, the read-model spec helper, an in-process EventStoreDB client, tampering.
export { Collector, controllableClock, describeEventStoreContract, event, newEventId } from './event-store.contract';
export type { ContractFactory, ContractFixture } from './event-store.contract';
export { projectorSpec } from './projection-spec';
export type { ProjectorScenario, SpecEvent } from './projection-spec';
export { FakeEventStoreDbClient } from './fake-eventstoredb-client';
export { tamperInMemoryEvent, tamperSqliteEvent } from './tamper';
// The EventStoreDB adapter (also `@periscol/event-store/eventstoredb`), to run it over the fake client.
export { EventStoreDbEventStore } from '../eventstoredb/eventstoredb.adapter';
// The PostgreSQL specs' server (PERISCOL_TEST_POSTGRES_URL), skipped with a reason when none answers.
export { describeWithPostgres, TEST_POSTGRES_URL } from '../postgres/postgres-test-database.fixture';
