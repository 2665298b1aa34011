import { DynamicModule, Global, Module, ModuleMetadata } from '@nestjs/common';
import { APP_FILTER, DiscoveryModule } from '@nestjs/core';
import { CqrsModule } from '@nestjs/cqrs';
import type { EventStore } from '@periscol/event-store';
import type { Logger } from 'pino';
import { AuthModule } from './platform/auth/auth.module';
import { Clock, CLOCK } from './platform/clock/clock';
import { APP_CONFIG, AppConfig } from './platform/config/app-config';
import { HealthModule } from './platform/health/health.module';
import { ApiExceptionFilter } from './platform/http/api-exception.filter';
import { IdempotencyModule } from './platform/idempotency/idempotency.module';
import { LOGGER } from './platform/logging/logger';
import { OpenApiController } from './platform/openapi/openapi.controller';
import { RouteRegistry } from './platform/routing/route-registry';
import { EventStoreModule } from './platform/store/event-store.module';
import { AbsencesModule } from './absences/absences.module';
import { AttendanceModule } from './attendance/attendance.module';
import { AuditModule } from './audit/audit.module';
import { CatalogModule } from './catalog/catalog.module';
import { ClosuresModule } from './closures/closures.module';
import { CreditsModule } from './credits/credits.module';
import { OutboxModule } from './outbox/outbox.module';
import { RemindersModule } from './reminders/reminders.module';
import { DemoModule } from './demo/demo.module';
import { FamiliesModule } from './families/families.module';
import { MedicalProtocolModule } from './medical-protocol/medical-protocol.module';
import { ChildQuotientFamilialModule } from './child-quotient-familial/child-quotient-familial.module';
import { OrdersModule } from './orders/orders.module';
import { PaymentsModule } from './payments/payments.module';
import { ApplicationModule } from './platform/application/application.module';
import { PrivacyModule } from './privacy/privacy.module';
import { RegieModule } from './regie/regie.module';
import { RefundRequestsModule } from './refund-requests/refund-requests.module';
import { RefundCampaignModule } from './refund-campaign/refund-campaign.module';
import { ReservationsModule } from './reservations/reservations.module';
import { WaitingListModule } from './waiting-list/waiting-list.module';
import { TaxCertificatesModule } from './tax-certificates/tax-certificates.module';

export interface AppModuleOptions {
  readonly config: AppConfig;
  readonly clock: Clock;
  readonly logger: Logger;
  readonly store: EventStore;
  readonly ownsStore: boolean;
  /** More modules (test probes). */
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
        // Before the application layer: the ticket process must stop before the read models (shutdown order).
        PaymentsModule,
        ApplicationModule,
        CatalogModule,
        FamiliesModule,
        MedicalProtocolModule,
        ChildQuotientFamilialModule,
        ReservationsModule,
        WaitingListModule,
        OrdersModule,
        CreditsModule,
        ClosuresModule,
        AttendanceModule,
        PrivacyModule,
        AuditModule,
        OutboxModule,
        RemindersModule,
        TaxCertificatesModule,
        RegieModule,
        AbsencesModule,
        RefundRequestsModule,
        RefundCampaignModule,
        DemoModule.register({ demo: options.config.demo }),
        ...(options.imports ?? []),
      ],
      controllers: [OpenApiController],
      providers: [RouteRegistry, { provide: APP_FILTER, useClass: ApiExceptionFilter }],
    };
  }
}
