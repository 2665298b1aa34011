import { DynamicModule, Global, Module, ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@periscol/event-store';
import type { Logger } from 'pino';
import { AuthModule } from './auth/auth.module';
import { JourneyModule } from './families/journey.module';
import { PaymentsFlowModule } from './payments-flow/payments-flow.module';
import { Clock, CLOCK } from './clock/clock';
import { APP_CONFIG, AppConfig } from './config/app-config';
import { HealthModule } from './health/health.module';
import { ApiExceptionFilter } from './http/api-exception.filter';
import { IdempotencyModule } from './idempotency/idempotency.module';
import { LOGGER } from './logging/logger';
import { OpenApiController } from './openapi/openapi.controller';
import { RouteRegistry } from './routing/route-registry';
import { EventStoreModule } from './store/event-store.module';

export interface AppModuleOptions {
  readonly config: AppConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: EventStore;
  readonly ownsStore: boolean;
  /** Feature modules (the lead's reservation, payments… modules; test probes). */
  readonly imports?: ModuleMetadata['imports'];
}

/** Config, clock and logger, visible to every module. */
@Global()
@Module({})
class CoreModule {
  static register(options: AppModuleOptions): DynamicModule {
    const providers = [
      { provide: APP_CONFIG, useValue: options.config },
      { provide: CLOCK, useValue: options.clock },
      { provide: LOGGER, useValue: options.logger },
    ];
    return { module: CoreModule, providers, exports: providers.map((p) => p.provide) };
  }
}

@Module({})
export class AppModule {
  static register(options: AppModuleOptions): DynamicModule {
    return {
      module: AppModule,
      imports: [
        CoreModule.register(options),
        EventStoreModule.register(options.store, { owns: options.ownsStore }),
        CqrsModule.forRoot(),
        DiscoveryModule,
        AuthModule.register({ demo: options.config.demo }),
        IdempotencyModule,
        HealthModule,
        // Before the journey: its ticket process must stop before the read models (shutdown order).
        PaymentsFlowModule,
        JourneyModule.register(options.config),
        ...(options.imports ?? []),
      ],
      controllers: [OpenApiController],
      providers: [RouteRegistry, { provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
