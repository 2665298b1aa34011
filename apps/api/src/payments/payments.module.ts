import { Module } from '@nestjs/common';
import type { Catalog } from '@periscol/reservation-domain';
import type Database from 'better-sqlite3';
import { CATALOG } from '../platform/application/application.module';
import { Clock, CLOCK } from '../platform/clock/clock';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { DocumentsModule } from '../documents/documents.module';
import { MailServicesModule } from '../platform/mail/mail-services.module';
import type { PaymentsConfig } from './providers/payments.config';
import { PaymentProvidersModule } from './providers/payment-providers.module';
import { SimulatedPaymentProvider } from './providers/simulated-payment-provider.adapter';
import { SqliteSimulatedSessionStore } from './providers/sqlite-simulated-session-store.adapter';
import { createStripeClient, StripePaymentProvider } from './providers/stripe-payment-provider.adapter';
import { TicketProcessLifecycleModule, TicketsModule } from '../tickets/tickets.module';
import { CheckoutService } from './checkout.service';
import { OPERATIONS_DB, OperationsDatabaseModule } from '../platform/operations/operations-database';
import { PaymentWebhookService } from './payment-webhook.service';
import { ListPaymentsHandler } from './list-payments.query';
import { PaymentsController } from './payments.controller';
import { PAYMENTS_FLOW_OVERRIDES, type PaymentsFlowOverrides } from './payments-flow.overrides';
import { SimulatedPaymentSiteController } from './simulated-payment-site.controller';
import { SimulatedWebhookRelay } from './simulated-webhook.relay';

@Module({ providers: [SimulatedWebhookRelay], exports: [SimulatedWebhookRelay] })
class SimulatedRelayModule {}

/**
 * The payment provider the configuration asks for: Stripe when `STRIPE_SECRET_KEY` is set, else
 * the simulated site, whose sessions and signing secret live in the operations database and
 * whose notifications go to the webhook through the relay.
 */
export function paymentsConfigFactory(
  config: AppConfig,
  clock: Clock,
  db: Database.Database,
  relay: SimulatedWebhookRelay,
  catalog: Catalog,
  overrides?: PaymentsFlowOverrides,
): PaymentsConfig {
  const now = () => clock.now();
  if (config.stripe) {
    const stripe = createStripeClient(config.stripe.secretKey, overrides?.stripeClient);
    return { provider: new StripePaymentProvider({ stripe, webhookSecret: config.stripe.webhookSecret, clock: now }) };
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

/**
 * Payments, tickets, e-mails and PDFs (HTTP.md Orders › checkout, Payments, the PDF routes,
 * `/pay/*`): import it once in the app module, BEFORE the journey's modules (see
 * `TicketProcessLifecycleModule`: shutdown order). It brings the operations database and the
 * mail services (global), the payment provider, the ticket process and the documents.
 */
@Module({
  imports: [
    OperationsDatabaseModule.register(),
    MailServicesModule.register(),
    SimulatedRelayModule,
    PaymentProvidersModule.registerAsync({
      imports: [SimulatedRelayModule],
      inject: [APP_CONFIG, CLOCK, OPERATIONS_DB, SimulatedWebhookRelay, CATALOG, { token: PAYMENTS_FLOW_OVERRIDES, optional: true }],
      useFactory: paymentsConfigFactory as (...args: never[]) => PaymentsConfig,
    }),
    TicketsModule,
    TicketProcessLifecycleModule,
    DocumentsModule,
  ],
  controllers: [PaymentsController, SimulatedPaymentSiteController],
  providers: [CheckoutService, PaymentWebhookService, ListPaymentsHandler],
})
export class PaymentsModule {}
