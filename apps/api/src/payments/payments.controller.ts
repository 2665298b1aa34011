import { Controller, Inject, Param, Req } from '@nestjs/common';
import { QueryBus } from '@nestjs/cqrs';
import type { EventStore } from '@periscol/event-store';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import type { ApiRequest } from '../platform/http/api-request';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import { Route } from '../platform/routing/route.decorator';
import { EVENT_STORE } from '../platform/store/event-store.token';
import { CheckoutService } from './checkout.service';
import { PaymentWebhookService, type WebhookOutcome } from './payment-webhook.service';
import { ListPaymentsQuery, PaymentListDto } from './list-payments.query';
import { checkoutRoute, listPaymentsRoute, payfipWebhookRoute, simulatedWebhookRoute, stripeWebhookRoute, unmatchedPaymentsRoute } from './payments.routes';
import { type RecordedUnmatchedPayment, UnmatchedPayments } from './unmatched-payments';

@Controller()
/** Paying an order (checkout), the providers' notifications, the family's payments, money received for no known order. */
export class PaymentsController {
  private readonly unmatched: UnmatchedPayments;

  constructor(
    private readonly checkouts: CheckoutService,
    private readonly webhooks: PaymentWebhookService,
    private readonly queries: QueryBus,
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

  @Route(payfipWebhookRoute)
  payfipWebhook(@Req() req: ApiRequest): Promise<WebhookOutcome> {
    return this.webhooks.receive('payfip', req.rawBody, req.headers);
  }

  @Route(unmatchedPaymentsRoute)
  unmatchedPayments(): Promise<RecordedUnmatchedPayment[]> {
    return this.unmatched.list();
  }

  @Route(listPaymentsRoute)
  payments(@Param('familyId') familyId: string): Promise<PaymentListDto> {
    return this.queries.execute(new ListPaymentsQuery(familyId));
  }
}
