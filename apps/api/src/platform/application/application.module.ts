import { Global, Injectable, Module, OnApplicationShutdown, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { CatalogSource, childSchoolsFrom, FamilyCommandRunner, FamilyReads, FamilySnapshots, liveCatalog, PersonCommandRunner, readDatabaseFile, ReadModels, ServiceDayClosures, WaitingList } from '@periscol/application';
import { bookingPricingOf } from '@periscol/reservation-domain';
import type { EventStore } from '@periscol/event-store';
import type { Logger } from 'pino';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { HealthChecks } from '../health/health-checks';
import { LOGGER } from '../logging/logger';
import { EVENT_STORE } from '../store/event-store.token';

/**
 * Injection token of the current `Catalog`: the municipality file plus the closures recorded so
 * far (R14). `@Inject(CATALOG) catalog: Catalog` always reads the latest one (`liveCatalog`);
 * code that decides should first `await catalogs.refresh()` to see closures made by another
 * process a moment ago.
 */
export const CATALOG = Symbol('CATALOG');

/** Starts the read models with the app and stops them with it (after the side-effect processes). */
@Injectable()
class ReadModelsLifecycle implements OnModuleInit, OnModuleDestroy, OnApplicationShutdown {
  constructor(
    private readonly readModels: ReadModels,
    private readonly healthChecks: HealthChecks,
  ) {}

  async onModuleInit(): Promise<void> {
    await this.readModels.start();
    this.healthChecks.register({ name: 'projections', run: () => this.readModels.health() });
  }

  async onModuleDestroy(): Promise<void> {
    await this.readModels.stop();
  }

  onApplicationShutdown(): void {
    this.readModels.close();
  }
}

/**
 * The application layer (`@periscol/application`) as Nest providers, visible app-wide: the
 * catalog, the read models of this process, the family snapshots and the command runners. No
 * logic here: each provider is the package's own class, built once.
 */
@Global()
@Module({
  providers: [
    {
      provide: CatalogSource,
      useFactory: (store: EventStore, config: AppConfig) => new CatalogSource(store, config.municipalityFile),
      inject: [EVENT_STORE, APP_CONFIG],
    },
    { provide: CATALOG, useFactory: (catalogs: CatalogSource) => liveCatalog(() => catalogs.current()), inject: [CatalogSource] },
    {
      provide: ReadModels,
      useFactory: (store: EventStore, config: AppConfig, logger: Logger) => new ReadModels({ store, file: readDatabaseFile(config), logger }),
      inject: [EVENT_STORE, APP_CONFIG, LOGGER],
    },
    ReadModelsLifecycle,
    { provide: FamilySnapshots, useFactory: (readModels: ReadModels, store: EventStore) => new FamilySnapshots(readModels, store), inject: [ReadModels, EVENT_STORE] },
    { provide: FamilyReads, useFactory: (readModels: ReadModels, snapshots: FamilySnapshots) => new FamilyReads(readModels, snapshots), inject: [ReadModels, FamilySnapshots] },
    {
      provide: FamilyCommandRunner,
      useFactory: (store: EventStore, config: AppConfig, catalogs: CatalogSource, snapshots: FamilySnapshots, readModels: ReadModels) =>
        new FamilyCommandRunner(store, config, catalogs, snapshots, readModels),
      inject: [EVENT_STORE, APP_CONFIG, CatalogSource, FamilySnapshots, ReadModels],
    },
    {
      provide: ServiceDayClosures,
      useFactory: (store: EventStore, catalogs: CatalogSource, readModels: ReadModels, snapshots: FamilySnapshots, runner: FamilyCommandRunner) =>
        new ServiceDayClosures(store, catalogs, readModels, snapshots, runner),
      inject: [EVENT_STORE, CatalogSource, ReadModels, FamilySnapshots, FamilyCommandRunner],
    },
    {
      // R23: built with the app, it registers itself for the places the runner's commands give back.
      provide: WaitingList,
      useFactory: (store: EventStore, catalogs: CatalogSource, snapshots: FamilySnapshots, runner: FamilyCommandRunner, reads: FamilyReads, readModels: ReadModels) =>
        new WaitingList(store, catalogs, snapshots, runner, async (familyId) => bookingPricingOf(await reads.person(familyId, { waitForStore: false })), childSchoolsFrom(readModels)),
      inject: [EVENT_STORE, CatalogSource, FamilySnapshots, FamilyCommandRunner, FamilyReads, ReadModels],
    },
    { provide: PersonCommandRunner, useFactory: (store: EventStore, readModels: ReadModels) => new PersonCommandRunner(store, readModels), inject: [EVENT_STORE, ReadModels] },
  ],
  exports: [CATALOG, CatalogSource, ReadModels, FamilySnapshots, FamilyReads, FamilyCommandRunner, PersonCommandRunner, ServiceDayClosures, WaitingList],
})
export class ApplicationModule {}
