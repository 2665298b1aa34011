import type { PaymentProvider } from './payment-provider.port';
import type { PayfipRuntime } from './payfip/payfip.runtime';
import { SimulatedPaymentProvider, type SimulatedNotify } from './simulated-payment-provider.adapter';
import { SqliteSimulatedSessionStore } from './sqlite-simulated-session-store.adapter';
import { createStripeClient, StripePaymentProvider } from './stripe-payment-provider.adapter';

export interface PaymentsEnv {
  readonly STRIPE_SECRET_KEY?: string;
  readonly STRIPE_WEBHOOK_SECRET?: string;
}

export interface PaymentsDeps {
  /** Public base URL of this server (checkout URLs of the simulated provider). */
  readonly publicUrl: string;
  /** Sessions of the simulated provider (unused when Stripe is configured). */
  readonly sessionStore: SqliteSimulatedSessionStore;
  readonly notify: SimulatedNotify;
  readonly clock?: () => Date;
}

export interface PaymentsConfig {
  readonly provider: PaymentProvider;
  /** Set only when the simulated provider is the active one: serve `/pay/*` and
   * `/api/payments/simulated/webhook` only then (404 otherwise). */
  readonly simulated?: SimulatedPaymentProvider;
  /** Set only when PayFiP is the active provider: its transactions (re-query job), its simulator if started. */
  readonly payfip?: PayfipRuntime;
}

export class PaymentsConfigError extends Error {
  readonly code = 'PAYMENTS_CONFIG_INVALID';
}

/** Stripe when `STRIPE_SECRET_KEY` is set (then `STRIPE_WEBHOOK_SECRET` is required), otherwise
 * the simulated provider with its per-installation secret. */
export function createPayments(env: PaymentsEnv, deps: PaymentsDeps): PaymentsConfig {
  const secretKey = env.STRIPE_SECRET_KEY?.trim();
  if (secretKey) {
    const webhookSecret = env.STRIPE_WEBHOOK_SECRET?.trim();
    if (!webhookSecret) {
      throw new PaymentsConfigError('STRIPE_WEBHOOK_SECRET is required with STRIPE_SECRET_KEY: webhooks could not be verified');
    }
    return { provider: new StripePaymentProvider({ stripe: createStripeClient(secretKey), webhookSecret, clock: deps.clock }) };
  }
  const simulated = new SimulatedPaymentProvider({
    store: deps.sessionStore,
    webhookSecret: deps.sessionStore.installationSecret(),
    publicUrl: deps.publicUrl,
    notify: deps.notify,
    clock: deps.clock,
  });
  return { provider: simulated, simulated };
}
