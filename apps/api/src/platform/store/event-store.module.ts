import { DynamicModule, Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import type { EventStore } from '@periscol/event-store';
import { EVENT_STORE } from './event-store.token';

const OWNS_STORE = Symbol('OWNS_STORE');

/** Closes the store on `app.close()` when the app opened it (not when a test passed its own). */
class EventStoreLifecycle implements OnApplicationShutdown {
  constructor(
    @Inject(EVENT_STORE) private readonly store: EventStore,
    @Inject(OWNS_STORE) private readonly owns: boolean,
  ) {}

  async onApplicationShutdown(): Promise<void> {
    if (this.owns) await this.store.close();
  }
}

/** Provides `EVENT_STORE` (opened by `createApp` before Nest starts) to every module. */
@Global()
@Module({})
export class EventStoreModule {
  static register(store: EventStore, options: { owns: boolean }): DynamicModule {
    return {
      module: EventStoreModule,
      providers: [{ provide: EVENT_STORE, useValue: store }, { provide: OWNS_STORE, useValue: options.owns }, EventStoreLifecycle],
      exports: [EVENT_STORE],
    };
  }
}
