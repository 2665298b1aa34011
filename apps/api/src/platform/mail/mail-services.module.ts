import { DynamicModule, Global, Module } from '@nestjs/common';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import { Clock, CLOCK } from '../clock/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LOGGER } from '../logging/logger';
import { OPERATIONS_DB } from '../operations/operations-database';
import { PAYMENTS_FLOW_OVERRIDES, type PaymentsFlowOverrides } from '../../payments/payments-flow.overrides';
import { createMail, type MailServices } from './mail.config';
import { MAIL_OUTBOX, MAIL_SERVICES, MailLifecycle } from './mail.module';

/**
 * The app's e-mail: `createMail` over the shared operations database (one outbox for every
 * process on the data folder, so a ticket is enqueued and sent once whichever process saw it),
 * SMTP when `SMTP_URL` is set, else `.eml` files in `${PERISCOL_DATA_DIR}/outbox`. The dispatch
 * timer runs with the app (MailLifecycle) on the app's clock.
 */
export function mailServicesFactory(config: AppConfig, clock: Clock, db: Database.Database, logger: Logger, overrides?: PaymentsFlowOverrides): MailServices {
  return createMail(
    { SMTP_URL: config.smtpUrl ?? undefined, PERISCOL_DATA_DIR: config.dataDir },
    {
      db,
      clock: () => clock.now(),
      scheduler: overrides?.mailScheduler,
      transport: overrides?.mailTransport,
      onError: (error) => logger.error({ err: error }, 'mail dispatch failed'),
    },
  );
}

@Global()
@Module({})
export class MailServicesModule {
  static register(): DynamicModule {
    return {
      module: MailServicesModule,
      providers: [
        {
          provide: MAIL_SERVICES,
          useFactory: (config: AppConfig, clock: Clock, db: Database.Database, logger: Logger, overrides?: PaymentsFlowOverrides) =>
            mailServicesFactory(config, clock, db, logger, overrides),
          inject: [APP_CONFIG, CLOCK, OPERATIONS_DB, LOGGER, { token: PAYMENTS_FLOW_OVERRIDES, optional: true }],
        },
        { provide: MAIL_OUTBOX, useFactory: (mail: MailServices) => mail.outbox, inject: [MAIL_SERVICES] },
        MailLifecycle,
      ],
      exports: [MAIL_SERVICES, MAIL_OUTBOX],
    };
  }
}

