import { DynamicModule, Module } from '@nestjs/common';
import { AdminModule } from '../admin/admin.module';
import { AuditModule } from '../audit/audit.module';
import { CancellationsModule } from '../cancellations/cancellations.module';
import { CatalogModule } from '../catalog/catalog.module';
import type { AppConfig } from '../config/app-config';
import { DemoModule } from '../demo/demo.module';
import { ExpiryModule } from '../expiry/expiry.module';
import { OrdersModule } from '../orders/orders.module';
import { JourneyCoreModule } from '../write/journey-core.module';
import { FamiliesModule } from './families.module';

/** The parent journey (issue 4): catalog, families, orders, cancellations, admin, audit, expiry, demo. */
@Module({})
export class JourneyModule {
  static register(config: AppConfig): DynamicModule {
    return {
      module: JourneyModule,
      imports: [
        JourneyCoreModule,
        CatalogModule,
        FamiliesModule,
        OrdersModule,
        CancellationsModule,
        AdminModule,
        AuditModule,
        ExpiryModule,
        DemoModule.register({ demo: config.demo }),
      ],
    };
  }
}
