import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { ApiError } from '../platform/http/api-error';
import { PaymentInboxProcessor } from './inbox/payment-inbox.processor';
import type { WebhookOutcome } from './payment-notification.handler';
import type { PaymentProvider, WebhookHeaders } from './providers/payment-provider.port';
import { PAYMENT_PROVIDER } from './providers/payment-providers.module';
import { SimulatedWebhookRelay } from './simulated-webhook.relay';

export type { WebhookOutcome } from './payment-notification.handler';

/**
 * The webhooks (`/api/payments/stripe/webhook`, `/api/payments/simulated/webhook`,
 * `/api/payments/payfip/webhook`) and the simulated site's in-process relay end here: the
 * provider verifies the delivery and maps it (a forged or stale signature → 400, nothing
 * recorded; PayFiP's `idop` → its outcome asked of PayFiP); the notification is
 * then recorded in the inbox BEFORE anything else, and processed at once. When processing fails
 * the answer is still 200 `queued`: the money is on record, the inbox processor retries it until
 * it is in the ledger, and a provider told to retry would only deliver it again.
 */
@Injectable()
export class PaymentWebhookService implements OnModuleInit {
  constructor(
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    private readonly inbox: PaymentInboxProcessor,
    private readonly relay: SimulatedWebhookRelay,
  ) {}

  onModuleInit(): void {
    this.relay.register(async (body, headers) => {
      await this.receive('simulated', body, headers);
    });
  }

  async receive(providerName: string, rawBody: Buffer | undefined, headers: WebhookHeaders): Promise<WebhookOutcome> {
    if (providerName !== this.provider.name) throw new ApiError('NOT_FOUND', `The ${providerName} payment provider is not enabled`);
    const notification = await this.provider.parseWebhook(rawBody ?? Buffer.alloc(0), headers);
    return this.inbox.receive(this.provider.name, notification);
  }
}
