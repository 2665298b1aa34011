import { Injectable, Module, type OnApplicationBootstrap, type OnModuleDestroy } from '@nestjs/common';
import { FamilyReads } from '@periscol/application';
import type { Catalog } from '@periscol/reservation-domain';
import type { Logger } from 'pino';
import { CATALOG } from '../platform/application/application.module';
import { APP_CONFIG, type AppConfig } from '../platform/config/app-config';
import { Clock, CLOCK } from '../platform/clock/clock';
import { LOGGER } from '../platform/logging/logger';
import type { MailServices } from '../platform/mail/mail.config';
import { MAIL_SERVICES } from '../platform/mail/mail.module';
import { DeadlineReminders } from './deadline-reminders.job';
import { RemindersController } from './reminders.controller';

@Injectable()
class DeadlineRemindersLifecycle implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(private readonly reminders: DeadlineReminders) {}

  onApplicationBootstrap(): void {
    this.reminders.start();
  }

  onModuleDestroy(): Promise<void> {
    return this.reminders.stop();
  }
}

/** Deadline reminders: the family's choice (routes) and the hourly check that e-mails them. */
@Module({
  controllers: [RemindersController],
  providers: [
    {
      provide: DeadlineReminders,
      useFactory: (reads: FamilyReads, catalog: Catalog, mail: MailServices, config: AppConfig, clock: Clock, logger: Logger) =>
        new DeadlineReminders({ reads, catalog: () => catalog, mail, portalUrl: `${config.publicUrl}/`, clock: () => clock.now(), logger }),
      inject: [FamilyReads, CATALOG, MAIL_SERVICES, APP_CONFIG, CLOCK, LOGGER],
    },
    DeadlineRemindersLifecycle,
  ],
  exports: [DeadlineReminders],
})
export class RemindersModule {}
