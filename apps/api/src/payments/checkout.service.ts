import { Inject, Injectable } from '@nestjs/common';
import { formatLongDate } from '@periscol/documents';
import { orderView, type Catalog } from '@periscol/reservation-domain';
import { CATALOG } from '../platform/application/application.module';
import type { Actor } from '../platform/auth/actor';
import { eventActor } from '../platform/auth/actor';
import { Clock, CLOCK } from '../platform/clock/clock';
import { APP_CONFIG, AppConfig } from '../platform/config/app-config';
import { activityLabelOf } from '@periscol/application';
import { ApiError } from '../platform/http/api-error';
import { fromEither } from '../platform/http/refusal';
import type { IdempotencyContext } from '../platform/idempotency/idempotency-context';
import type { CheckoutLine, PaymentProvider } from './providers/payment-provider.port';
import { PAYMENT_PROVIDER } from './providers/payment-providers.module';
import { FAMILY_COMMANDS, FAMILY_READS, requireOwned, type FamilyCommandPort, type FamilyReadPort } from '../tickets/family-services.port';

/** Where the payment site sends the parent back: the order's page of the portal. */
export function orderPageUrl(publicUrl: string, orderId: string, payment: 'ok' | 'annule'): string {
  return `${publicUrl}/#/commande/${encodeURIComponent(orderId)}?paiement=${payment}`;
}

/**
 * « Payer » (docs/rules.md §1, step 4): `StartPayment` on the family (the paymentId derived from the
 * request's Idempotency-Key, so a retried click appends nothing), then a checkout session at the
 * provider keyed `${orderId}:${paymentId}` (a retry gets the same session), for the amount due,
 * expiring with the order's hold.
 */
@Injectable()
export class CheckoutService {
  constructor(
    @Inject(PAYMENT_PROVIDER) private readonly provider: PaymentProvider,
    @Inject(FAMILY_COMMANDS) private readonly commands: FamilyCommandPort,
    @Inject(FAMILY_READS) private readonly reads: FamilyReadPort,
    @Inject(CATALOG) private readonly catalog: Catalog,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  async checkout(orderId: string, actor: Actor, idem: IdempotencyContext, requestId?: string): Promise<{ checkoutUrl: string }> {
    const { familyId } = requireOwned(actor, await this.reads.findOrder(orderId), 'Order');
    const paymentId = idem.derivedId('payment');
    const now = this.clock.now().toISOString();
    const started = fromEither(
      await this.commands.run(
        familyId,
        { type: 'StartPayment', data: { orderId, paymentId, provider: this.provider.name }, metadata: { now } },
        { idempotencyKey: idem.commandKey, actor: eventActor(actor), ...(requestId === undefined ? {} : { correlationId: requestId }) },
      ),
    );
    const order = orderView(started.state, orderId);
    const payment = started.state.payments.get(paymentId);
    if (!order || !payment) throw new ApiError('INTERNAL', `Order ${orderId} has no payment ${paymentId} after StartPayment`);

    // The payment page names the child of each line (its first name only: the page is the
    // provider's); PayFiP also requires the payer's e-mail (`mel`), the others do not use it.
    const person = await this.reads.person(familyId);
    const firstName = (childId: string) => person?.children.get(childId)?.firstName;
    const lines: CheckoutLine[] = order.lines
      // A free slot adds nothing to pay; payment sites refuse zero-amount lines.
      .filter((line) => line.unitPriceCents > 0)
      .map((line) => ({
        label: [firstName(line.childId), activityLabelOf(this.catalog, line.activityId), formatLongDate(line.date)].filter(Boolean).join(' — '),
        amountCents: line.unitPriceCents,
      }));
    const payerEmail = this.provider.name === 'payfip' ? person?.email : undefined;
    const session = await this.provider.createCheckout({
      orderId,
      paymentId,
      familyId,
      amountCents: payment.amountCents,
      currency: 'eur',
      lines,
      expiresAt: new Date(order.expiresAt),
      successUrl: orderPageUrl(this.config.publicUrl, orderId, 'ok'),
      cancelUrl: orderPageUrl(this.config.publicUrl, orderId, 'annule'),
      idempotencyKey: `${orderId}:${paymentId}`,
      ...(payerEmail ? { payerEmail } : {}),
    });
    return { checkoutUrl: session.checkoutUrl };
  }
}
