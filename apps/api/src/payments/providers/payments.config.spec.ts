import 'reflect-metadata';
import { Test } from '@nestjs/testing';
import Database from 'better-sqlite3';
import { createPayments, PaymentsConfigError } from './payments.config';
import { PAYMENT_PROVIDER, PaymentProvidersModule, SIMULATED_PAYMENTS } from './payment-providers.module';
import { SimulatedPaymentProvider } from './simulated-payment-provider.adapter';
import { SqliteSimulatedSessionStore } from './sqlite-simulated-session-store.adapter';
import { StripePaymentProvider } from './stripe-payment-provider.adapter';

const deps = () => ({
  publicUrl: 'http://localhost:3000',
  sessionStore: new SqliteSimulatedSessionStore(new Database(':memory:')),
  notify: async () => undefined,
});

describe('createPayments', () => {
  it('uses the simulated provider by default and exposes it for the /pay routes', () => {
    const config = createPayments({}, deps());
    expect(config.provider).toBeInstanceOf(SimulatedPaymentProvider);
    expect(config.simulated).toBe(config.provider);
  });

  it('uses Stripe when STRIPE_SECRET_KEY is set, and then serves no simulated routes', () => {
    const config = createPayments({ STRIPE_SECRET_KEY: 'sk_test_x', STRIPE_WEBHOOK_SECRET: 'whsec_x' }, deps());
    expect(config.provider).toBeInstanceOf(StripePaymentProvider);
    expect(config.simulated).toBeUndefined();
  });

  it('refuses Stripe without the webhook secret', () => {
    expect(() => createPayments({ STRIPE_SECRET_KEY: 'sk_test_x' }, deps())).toThrow(PaymentsConfigError);
  });
});

describe('PaymentProvidersModule', () => {
  it('provides the configured provider to Nest', async () => {
    const config = createPayments({}, deps());
    const moduleRef = await Test.createTestingModule({ imports: [PaymentProvidersModule.register(config)] }).compile();
    expect(moduleRef.get(PAYMENT_PROVIDER)).toBe(config.provider);
    expect(moduleRef.get(SIMULATED_PAYMENTS)).toBe(config.simulated);
    await moduleRef.close();
  });
});
