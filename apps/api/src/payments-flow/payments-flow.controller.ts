import { Controller, Inject, Param, Req } from '@nestjs/common';
import type { EventStore } from '@periscol/event-store';
import { CurrentActor } from '../auth/access.decorators';
import type { Actor } from '../auth/actor';
import type { ApiRequest } from '../http/api-request';
import { RequestId } from '../http/request-id.decorator';
import type { IdempotencyContext } from '../idempotency/idempotency-context';
import { IdempotencyCtx } from '../idempotency/idempotency.decorators';
import { Route } from '../routing/route.decorator';
import { EVENT_STORE } from '../store/event-store.token';
import { CheckoutService } from './checkout.service';
import { PaymentWebhookService, type WebhookOutcome } from './payment-webhook.service';
import { checkoutRoute, simulatedWebhookRoute, stripeWebhookRoute, unmatchedPaymentsRoute } from './payments-flow.schemas';
import { type RecordedUnmatchedPayment, UnmatchedPayments } from './unmatched-payments';

@Controller()
export class PaymentsFlowController {
  private readonly unmatched: UnmatchedPayments;

  constructor(
    private readonly checkouts: CheckoutService,
    private readonly webhooks: PaymentWebhookService,
    @Inject(EVENT_STORE) store: EventStore,
  ) {
    this.unmatched = new UnmatchedPayments(store);
  }

  @Route(checkoutRoute)
  checkout(
    @Param('orderId') orderId: string,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<{ checkoutUrl: string }> {
    return this.checkouts.checkout(orderId, actor, idem, requestId);
  }

  @Route(stripeWebhookRoute)
  stripeWebhook(@Req() req: ApiRequest): Promise<WebhookOutcome> {
    return this.webhooks.receive('stripe', req.rawBody, req.headers);
  }

  @Route(simulatedWebhookRoute)
  simulatedWebhook(@Req() req: ApiRequest): Promise<WebhookOutcome> {
    return this.webhooks.receive('simulated', req.rawBody, req.headers);
  }

  @Route(unmatchedPaymentsRoute)
  unmatchedPayments(): Promise<RecordedUnmatchedPayment[]> {
    return this.unmatched.list();
  }
}
