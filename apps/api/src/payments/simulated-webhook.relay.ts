import { Injectable } from '@nestjs/common';
import type { SimulatedNotify } from './providers/simulated-payment-provider.adapter';

type Target = (body: Buffer, headers: Readonly<Record<string, string>>) => Promise<void>;

/**
 * The simulated payment site's `notify`, bound late: the provider is built before the webhook
 * handler that receives its notifications, so it gets this relay, and the handler registers
 * itself here at start-up. The notification then takes the webhook's own path (signature
 * check included) in-process, without a network round trip to `PUBLIC_URL`.
 */
@Injectable()
export class SimulatedWebhookRelay {
  private target: Target | undefined;

  register(target: Target): void {
    this.target = target;
  }

  readonly notify: SimulatedNotify = async (body, headers) => {
    if (!this.target) throw new Error('No webhook handler is registered for the simulated payment site');
    await this.target(body, headers);
  };
}
