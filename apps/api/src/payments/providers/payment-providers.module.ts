import { type DynamicModule, type FactoryProvider, Module } from '@nestjs/common';
import type { PaymentsConfig } from './payments.config';

/** Injection tokens: `@Inject(PAYMENT_PROVIDER) provider: PaymentProvider`,
 * `@Inject(SIMULATED_PAYMENTS) simulated: SimulatedPaymentProvider | null`. */
export const PAYMENT_PROVIDER = Symbol('PAYMENT_PROVIDER');
export const SIMULATED_PAYMENTS = Symbol('SIMULATED_PAYMENTS');
/** `@Inject(PAYFIP_PAYMENTS) payfip: PayfipRuntime | null`: set when PayFiP is the provider. */
export const PAYFIP_PAYMENTS = Symbol('PAYFIP_PAYMENTS');
const PAYMENTS_CONFIG = Symbol('PAYMENTS_CONFIG');

/** Exposes the payment services built by `createPayments` to Nest; no controllers (the app
 * owns its routes). */
@Module({})
export class PaymentProvidersModule {
  static register(config: PaymentsConfig): DynamicModule {
    return PaymentProvidersModule.registerAsync({ useFactory: () => config });
  }

  static registerAsync(options: {
    readonly imports?: DynamicModule['imports'];
    readonly inject?: FactoryProvider['inject'];
    readonly useFactory: (...args: never[]) => PaymentsConfig | Promise<PaymentsConfig>;
  }): DynamicModule {
    return {
      module: PaymentProvidersModule,
      imports: options.imports ?? [],
      providers: [
        { provide: PAYMENTS_CONFIG, useFactory: options.useFactory, inject: options.inject ?? [] },
        { provide: PAYMENT_PROVIDER, useFactory: (config: PaymentsConfig) => config.provider, inject: [PAYMENTS_CONFIG] },
        { provide: SIMULATED_PAYMENTS, useFactory: (config: PaymentsConfig) => config.simulated ?? null, inject: [PAYMENTS_CONFIG] },
        { provide: PAYFIP_PAYMENTS, useFactory: (config: PaymentsConfig) => config.payfip ?? null, inject: [PAYMENTS_CONFIG] },
      ],
      exports: [PAYMENT_PROVIDER, SIMULATED_PAYMENTS, PAYFIP_PAYMENTS],
    };
  }
}
