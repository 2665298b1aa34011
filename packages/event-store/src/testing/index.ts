// `@periscol/event-store/testing`: what tests of the store's users need — the contract suite any
// adapter must pass, the read-model spec helper, an in-process EventStoreDB client, tampering.
export { Collector, controllableClock, describeEventStoreContract, event, newEventId } from './event-store.contract';
export type { ContractFactory, ContractFixture } from './event-store.contract';
export { projectorSpec } from './projection-spec';
export type { ProjectorScenario, SpecEvent } from './projection-spec';
export { FakeEventStoreDbClient } from './fake-eventstoredb-client';
export { tamperInMemoryEvent, tamperSqliteEvent } from './tamper';
// The adapter class itself, to run it over the fake client (the package's entry exports its type).
export { EventStoreDbEventStore } from '../eventstoredb/eventstoredb.adapter';
