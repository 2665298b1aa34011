import type Database from 'better-sqlite3';
import type { Pool } from 'pg';
import type { Logger } from 'pino';
import type { PayfipConfig } from './payfip.config';
import { PayfipPaymentProvider } from './payfip-payment-provider.adapter';
import { PayfipSoapClient } from './payfip-soap.client';
import type { PayfipTransactionStore } from './payfip-transaction-store.port';
import { PostgresPayfipTransactionStore } from './postgres-payfip-transaction-store.adapter';
import { PayfipSimulator } from './simulator/payfip-simulator';
import { SqlitePayfipTransactionStore } from './sqlite-payfip-transaction-store.adapter';

/** The path of PayFiP's notifications (`urlnotif`) under the public URL. */
export const PAYFIP_NOTIFICATION_PATH = '/api/payments/payfip/webhook';
/** Where PayFiP sends the family back (`urlredirect`): `<path>/<orderId>/<paymentId>` under the public URL. */
export const PAYFIP_RETURN_PATH = '/api/payments/payfip/return';

/** What the app runs for PayFiP: the provider, its transactions, and the simulator when asked for. */
export interface PayfipRuntime {
  readonly provider: PayfipPaymentProvider;
  readonly store: PayfipTransactionStore;
  /** Started by the app with PAYFIP_SIMULATOR=1; stopped with it. */
  readonly simulator?: PayfipSimulator;
}

export interface PayfipRuntimeDeps {
  readonly config: PayfipConfig;
  /** The app's public URL: `urlnotif` is `<publicUrl>/api/payments/payfip/webhook`. */
  readonly publicUrl: string;
  /** The operations database (transactions beside the payment inbox). */
  readonly db: Database.Database;
  /** With a PostgreSQL store, the database every host shares: the transactions go there instead. */
  readonly sharedPool?: Pool | null;
  readonly clock: () => Date;
  readonly logger: Logger;
  readonly fetch?: typeof fetch;
}

/** Builds PayFiP from the configuration; with the simulator, starts it first and points the provider at it. */
export async function createPayfipRuntime(deps: PayfipRuntimeDeps): Promise<PayfipRuntime> {
  const { config } = deps;
  let simulator: PayfipSimulator | undefined;
  let serviceUrl = config.serviceUrl;
  let paymentPageUrl = config.paymentPageUrl;
  if (config.simulator) {
    simulator = await new PayfipSimulator({ clock: deps.clock, numcli: config.numcli }).start();
    serviceUrl = simulator.serviceUrl;
    paymentPageUrl = simulator.paymentPageUrl;
    deps.logger.warn(
      { payments: 'payfip', simulator: paymentPageUrl },
      'PAYFIP SIMULATOR: PayFiP is simulated on this machine (demo): its payment page takes no money.',
    );
  }
  if (serviceUrl === null || paymentPageUrl === null) throw new Error('PayFiP needs its service and payment page URLs');
  // Shared by every host when there is a shared database: a notification may reach any host.
  const store: PayfipTransactionStore = deps.sharedPool ? await PostgresPayfipTransactionStore.open(deps.sharedPool) : new SqlitePayfipTransactionStore(deps.db);
  const provider = new PayfipPaymentProvider({
    settings: { numcli: config.numcli, saisie: config.saisie, serviceUrl, paymentPageUrl },
    client: new PayfipSoapClient({ serviceUrl, ...(deps.fetch ? { fetch: deps.fetch } : {}) }),
    store,
    notificationUrl: `${deps.publicUrl}${PAYFIP_NOTIFICATION_PATH}`,
    returnUrl: (orderId, paymentId) => `${deps.publicUrl}${PAYFIP_RETURN_PATH}/${encodeURIComponent(orderId)}/${encodeURIComponent(paymentId)}`,
    clock: deps.clock,
  });
  return { provider, store, ...(simulator ? { simulator } : {}) };
}
