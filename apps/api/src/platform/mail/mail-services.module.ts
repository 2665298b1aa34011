import { DynamicModule, Global, Module } from '@nestjs/common';
import type { EventStore } from '@periscol/event-store';
import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import { Clock, CLOCK } from '../clock/clock';
import { APP_CONFIG, AppConfig } from '../config/app-config';
import { LOGGER } from '../logging/logger';
import { OPERATIONS_DB, SHARED_OPERATIONS_POOL } from '../operations/operations-database';
import { EVENT_STORE } from '../store/event-store.token';
import { PAYMENTS_FLOW_OVERRIDES, type PaymentsFlowOverrides } from '../../payments/payments-flow.overrides';
import { createMail, type MailServices } from './mail.config';
import { MAIL_OUTBOX, MAIL_SERVICES, MailLifecycle } from './mail.module';
import { PostgresMailOutbox } from './postgres-mail-outbox.adapter';
import { SqliteMailOutbox } from './sqlite-mail-outbox.adapter';
import { outboxIdentity, StoreClaimedMailOutbox } from './store-claimed-mail-outbox';

/**
 * The app's e-mail: `createMail` over one outbox shared by every process that may see a payment,
 * so a ticket is enqueued and sent once whichever process saw it — the data folder's operations
 * database, or with a PostgreSQL store the database every host shares; with EventStoreDB each host
 * keeps its own and claims a message in the store before sending it (`StoreClaimedMailOutbox`). SMTP when `SMTP_URL` is
 * set, else `.eml` files in `${PERISCOL_DATA_DIR}/outbox`. The dispatch timer runs with the app
 * (MailLifecycle) on the app's clock.
 */
export async function mailServicesFactory(
  config: AppConfig,
  clock: Clock,
  db: Database.Database,
  sharedPool: Pool | null,
  store: EventStore,
  logger: Logger,
  overrides?: PaymentsFlowOverrides,
): Promise<MailServices> {
  const local = () => new SqliteMailOutbox(db, { clock: () => clock.now() });
  const outbox =
    sharedPool !== null
      ? await PostgresMailOutbox.open(sharedPool, { clock: () => clock.now() })
      : store.kind === 'eventstoredb'
        ? new StoreClaimedMailOutbox(local(), store, outboxIdentity(db, config.instanceId))
        : local();
  return createMail(
    { SMTP_URL: config.smtpUrl ?? undefined, PERISCOL_DATA_DIR: config.dataDir },
    {
      outbox,
      outboxSharedAcrossHosts: sharedPool !== null,
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
          useFactory: mailServicesFactory,
          inject: [APP_CONFIG, CLOCK, OPERATIONS_DB, SHARED_OPERATIONS_POOL, EVENT_STORE, LOGGER, { token: PAYMENTS_FLOW_OVERRIDES, optional: true }],
        },
        { provide: MAIL_OUTBOX, useFactory: (mail: MailServices) => mail.outbox, inject: [MAIL_SERVICES] },
        MailLifecycle,
      ],
      exports: [MAIL_SERVICES, MAIL_OUTBOX],
    };
  }
}

