import { Global, Module } from '@nestjs/common';
import type { Catalog } from '@periscol/reservation-domain';
import type Database from 'better-sqlite3';
import type { Logger } from 'pino';
import type { Pool } from 'pg';
import { CATALOG } from '../platform/application/application.module';
import { Clock, CLOCK } from '../platform/clock/clock';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { LOGGER } from '../platform/logging/logger';
import { DocumentsModule } from '../documents/documents.module';
import { MailServicesModule } from '../platform/mail/mail-services.module';
import type { PaymentsConfig } from './providers/payments.config';
import { PaymentProvidersModule, SIMULATED_PAYMENTS } from './providers/payment-providers.module';
import { SimulatedPaymentProvider } from './providers/simulated-payment-provider.adapter';
import { SqliteSimulatedSessionStore } from './providers/sqlite-simulated-session-store.adapter';
import { createStripeClient, StripePaymentProvider } from './providers/stripe-payment-provider.adapter';
import { TicketProcessLifecycleModule, TicketsModule } from '../tickets/tickets.module';
import { AttachUnmatchedPaymentHandler } from './attach-unmatched-payment.handler';
import { CheckoutService } from './checkout.service';
import { OPERATIONS_DB, OperationsDatabaseModule, SHARED_OPERATIONS_POOL } from '../platform/operations/operations-database';
import { PaymentInbox } from './inbox/payment-inbox';
import { PaymentInboxLifecycle } from './inbox/payment-inbox.lifecycle';
import { PaymentInboxProcessor } from './inbox/payment-inbox.processor';
import { overdueSimulatedNotifications } from './inbox/simulated-redelivery';
import { PaymentNotificationHandler } from './payment-notification.handler';
import { PaymentWebhookService } from './payment-webhook.service';
import { ListPaymentsHandler } from './list-payments.query';
import { PaymentsController } from './payments.controller';
import { PaymentSiteCopies } from './payment-site-copies';
import { PayfipReturnController } from './payfip-return.controller';
import { PayfipReturnService } from './payfip-return.service';
import { PAYMENTS_FLOW_OVERRIDES, type PaymentsFlowOverrides } from './payments-flow.overrides';
import { SimulatedPaymentSiteController } from './simulated-payment-site.controller';
import { SimulatedWebhookRelay } from './simulated-webhook.relay';
import { createPayfipRuntime } from './providers/payfip/payfip.runtime';
import { PayfipRequeryLifecycle } from './providers/payfip/payfip-requery.lifecycle';

@Module({ providers: [SimulatedWebhookRelay], exports: [SimulatedWebhookRelay] })
class SimulatedRelayModule {}

/**
 * The payment provider the configuration asks for: Stripe when `STRIPE_SECRET_KEY` is set, PayFiP
 * with `PERISCOL_PAYMENTS=payfip` (its transactions in the operations database, or in the database
 * every host shares with a PostgreSQL store), else the simulated site, whose sessions and signing secret live in the operations database and
 * whose notifications go to the webhook through the relay.
 */
export function paymentsConfigFactory(
  config: AppConfig,
  clock: Clock,
  db: Database.Database,
  sharedPool: Pool | null,
  relay: SimulatedWebhookRelay,
  catalog: Catalog,
  logger: Logger,
  overrides?: PaymentsFlowOverrides,
): PaymentsConfig | Promise<PaymentsConfig> {
  const now = () => clock.now();
  if (config.stripe) {
    const stripe = createStripeClient(config.stripe.secretKey, overrides?.stripeClient);
    return { provider: new StripePaymentProvider({ stripe, webhookSecret: config.stripe.webhookSecret, clock: now }) };
  }
  if (config.payfip) {
    return createPayfipRuntime({ config: config.payfip, publicUrl: config.publicUrl, db, sharedPool, clock: now, logger }).then((payfip) => ({ provider: payfip.provider, payfip }));
  }
  if (!config.demo) {
    // Outside demo mode only PERISCOL_PAYMENTS=simulated gets here (see loadConfig): say it at every start.
    logger.warn(
      { payments: 'simulated' },
      'SIMULATED PAYMENTS outside demo mode: « Payer » takes no money, yet confirms orders and issues payment tickets. Never in production: configure Stripe.',
    );
  }
  // What `createPayments` builds without Stripe, plus the municipality's time zone for the page.
  const sessionStore = new SqliteSimulatedSessionStore(db);
  const simulated = new SimulatedPaymentProvider({
    store: sessionStore,
    webhookSecret: sessionStore.installationSecret(),
    publicUrl: config.publicUrl,
    notify: relay.notify,
    clock: now,
    timeZone: catalog.timezone,
    ...(overrides?.simulatedNewId ? { newId: overrides.simulatedNewId } : {}),
  });
  return { provider: simulated, simulated };
}

const paymentProviders = PaymentProvidersModule.registerAsync({
  imports: [SimulatedRelayModule],
  inject: [APP_CONFIG, CLOCK, OPERATIONS_DB, SHARED_OPERATIONS_POOL, SimulatedWebhookRelay, CATALOG, LOGGER, { token: PAYMENTS_FLOW_OVERRIDES, optional: true }],
  useFactory: paymentsConfigFactory as (...args: never[]) => PaymentsConfig | Promise<PaymentsConfig>,
});

/** The provider's notifications: the webhook, the inbox they are recorded in, and what processes it. */
@Module({
  imports: [SimulatedRelayModule, paymentProviders, TicketsModule],
  providers: [
    PaymentNotificationHandler,
    PaymentWebhookService,
    { provide: PaymentInbox, useFactory: (db: Database.Database) => new PaymentInbox(db), inject: [OPERATIONS_DB] },
    {
      provide: PaymentInboxProcessor,
      useFactory: (
        inbox: PaymentInbox,
        handler: PaymentNotificationHandler,
        simulated: SimulatedPaymentProvider | null,
        clock: Clock,
        config: AppConfig,
        logger: Logger,
        overrides?: PaymentsFlowOverrides,
      ) =>
        new PaymentInboxProcessor({
          inbox,
          handle: (notification) => handler.handle(notification),
          clock: () => clock.now(),
          owner: config.instanceId,
          logger,
          ...(overrides?.paymentInboxScheduler ? { scheduler: overrides.paymentInboxScheduler } : {}),
          ...(simulated ? { overdue: (now: Date) => overdueSimulatedNotifications(inbox, simulated, now) } : {}),
        }),
      inject: [PaymentInbox, PaymentNotificationHandler, SIMULATED_PAYMENTS, CLOCK, APP_CONFIG, LOGGER, { token: PAYMENTS_FLOW_OVERRIDES, optional: true }],
    },
  ],
  exports: [PaymentProvidersModule, PaymentWebhookService, PaymentInbox, PaymentInboxProcessor],
})
class PaymentNotificationsModule {}

/**
 * Runs the inbox processor with the app. Global for the same reason as the ticket process's
 * lifecycle: Nest destroys global modules first, so the processor stops before the read models
 * a command in flight waits on.
 */
@Global()
@Module({ imports: [PaymentNotificationsModule], providers: [PaymentInboxLifecycle, PayfipRequeryLifecycle] })
class PaymentInboxLifecycleModule {}

/** The payment side's copies of personal data, for R17's erasure (`PersonalDataCopies`, another module). */
@Global()
@Module({ imports: [PaymentNotificationsModule], providers: [PaymentSiteCopies], exports: [PaymentSiteCopies] })
class PaymentSiteCopiesModule {}

/**
 * Payments, tickets, e-mails and PDFs (docs/http.md: checkout, the webhooks, the PDF routes, the
 * simulated site `/pay/*`): import it once in the app module, BEFORE the journey's modules (see
 * `TicketProcessLifecycleModule`: shutdown order). It brings the operations database and the
 * mail services (global), the payment provider and its notification inbox, the ticket process
 * and the documents.
 */
@Module({
  imports: [
    OperationsDatabaseModule.register(),
    MailServicesModule.register(),
    PaymentNotificationsModule,
    PaymentInboxLifecycleModule,
    PaymentSiteCopiesModule,
    TicketsModule,
    TicketProcessLifecycleModule,
    DocumentsModule,
  ],
  controllers: [PaymentsController, SimulatedPaymentSiteController, PayfipReturnController],
  providers: [CheckoutService, ListPaymentsHandler, PayfipReturnService, AttachUnmatchedPaymentHandler],
})
export class PaymentsModule {}
