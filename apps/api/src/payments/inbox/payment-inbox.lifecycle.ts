import { Inject, Injectable, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import type Database from 'better-sqlite3';
import { Clock, CLOCK } from '../../platform/clock/clock';
import { HealthChecks } from '../../platform/health/health-checks';
import { OPERATIONS_DB } from '../../platform/operations/operations-database';
import { PaymentInboxProcessor } from './payment-inbox.processor';
import { paymentsHealth } from './payments-health.check';

/** Runs the inbox processor with the app, stops it on shutdown, and reports `payments` in /api/health. */
@Injectable()
export class PaymentInboxLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly processor: PaymentInboxProcessor,
    private readonly healthChecks: HealthChecks,
    @Inject(OPERATIONS_DB) private readonly db: Database.Database,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  onApplicationBootstrap(): void {
    this.healthChecks.register({ name: 'payments', run: async () => paymentsHealth(this.db, this.clock.now()) });
    this.processor.start();
  }

  async onModuleDestroy(): Promise<void> {
    await this.processor.stop();
  }
}
