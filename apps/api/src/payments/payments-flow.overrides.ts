import { DynamicModule, Global, Module } from '@nestjs/common';
import type { Scheduler } from '../platform/scheduling/due-work.timer';
import type { MailTransport } from '../platform/mail/mail-transport.port';
import type { StripeClientOptions } from './providers/stripe-payment-provider.adapter';

/**
 * Seams for tests and unusual deployments, provided by an optional global module passed to
 * `createApp(config, { imports: [PaymentsFlowOverridesModule.register({...})] })`.
 */
export interface PaymentsFlowOverrides {
  /** Where the Stripe SDK sends its requests (a local server standing in for api.stripe.com). */
  readonly stripeClient?: StripeClientOptions;
  /** Timer of the e-mail dispatch loop (tests pass a manual one and drive it). */
  readonly mailScheduler?: Scheduler;
  readonly mailTransport?: MailTransport;
  /** Random part of the simulated provider's session and payment ids. */
  readonly simulatedNewId?: () => string;
  /** Timer of the payment inbox processor (tests pass a manual one and drive it). */
  readonly paymentInboxScheduler?: Scheduler;
  /** Timer of the PayFiP re-query job (tests pass an idle one and run the job by hand). */
  readonly payfipRequeryScheduler?: Scheduler;
  /** false: the ticket process manager is not started with the app (tests start it by hand). */
  readonly startTicketProcess?: boolean;
}

export const PAYMENTS_FLOW_OVERRIDES = Symbol('PAYMENTS_FLOW_OVERRIDES');

@Global()
@Module({})
export class PaymentsFlowOverridesModule {
  static register(overrides: PaymentsFlowOverrides): DynamicModule {
    return {
      module: PaymentsFlowOverridesModule,
      providers: [{ provide: PAYMENTS_FLOW_OVERRIDES, useValue: overrides }],
      exports: [PAYMENTS_FLOW_OVERRIDES],
    };
  }
}
