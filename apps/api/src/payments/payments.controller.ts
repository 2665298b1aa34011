import { Body, Controller, Inject, Param, Req } from '@nestjs/common';
import { CommandBus, QueryBus } from '@nestjs/cqrs';
import type { EventStore } from '@periscol/event-store';
import { CurrentActor } from '../platform/auth/access.decorators';
import type { Actor } from '../platform/auth/actor';
import type { ApiRequest } from '../platform/http/api-request';
import { RequestId } from '../platform/http/request-id.decorator';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import { IdempotencyCtx } from '../platform/idempotency/idempotency.decorators';
import type { BodyOf, ParamsOf } from '../platform/routing/route-definition';
import { Route } from '../platform/routing/route.decorator';
import { AttachUnmatchedPaymentCommand, type UnmatchedPaymentAttachmentDto } from './attach-unmatched-payment.handler';
import { EVENT_STORE } from '../platform/store/event-store.token';
import { CheckoutService } from './checkout.service';
import { PaymentWebhookService, type WebhookOutcome } from './payment-webhook.service';
import { ListPaymentsQuery, PaymentListDto } from './list-payments.query';
import {
  attachUnmatchedPaymentRoute,
  checkoutRoute,
  listPaymentsRoute,
  payfipWebhookRoute,
  simulatedWebhookRoute,
  stripeWebhookRoute,
  unmatchedPaymentsRoute,
  type UnmatchedPaymentDto,
} from './payments.routes';
import { UnmatchedPayments } from './unmatched-payments';

@Controller()
/** Paying an order (checkout), the providers' notifications, the family's payments, money received for no known order and its attachment to a family. */
export class PaymentsController {
  private readonly unmatched: UnmatchedPayments;

  constructor(
    private readonly checkouts: CheckoutService,
    private readonly webhooks: PaymentWebhookService,
    private readonly queries: QueryBus,
    private readonly commands: CommandBus,
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
  async unmatchedPayments(): Promise<UnmatchedPaymentDto[]> {
    return (await this.unmatched.list()).map(({ attachment, ...payment }) => {
      if (attachment === null) return { ...payment, attachment };
      // The mark's event id serves the attachment's idempotency: not shown.
      const { familyId, paymentId, creditId, reason, attachedBy, attachedAt } = attachment;
      return { ...payment, attachment: { familyId, paymentId, creditId, reason, attachedBy, attachedAt } };
    });
  }

  @Route(attachUnmatchedPaymentRoute)
  attachUnmatchedPayment(
    @Param() params: ParamsOf<typeof attachUnmatchedPaymentRoute>,
    @Body() body: BodyOf<typeof attachUnmatchedPaymentRoute>,
    @CurrentActor() actor: Actor,
    @IdempotencyCtx() idem: IdempotencyContext,
    @RequestId() requestId?: string,
  ): Promise<UnmatchedPaymentAttachmentDto> {
    return this.commands.execute(new AttachUnmatchedPaymentCommand(params.providerPaymentId, body.familyId, body.reason, actor, idem, requestId));
  }

  @Route(listPaymentsRoute)
  payments(@Param('familyId') familyId: string): Promise<PaymentListDto> {
    return this.queries.execute(new ListPaymentsQuery(familyId));
  }
}
