/**
 * The payment-provider port: what the command flow needs from a payment site, whichever it is
 * (Stripe, PayFiP, or the simulated provider embedded in Periscol). Stripe and the simulated
 * site verify their webhooks through the same signed-payload path (`signed-webhook.ts`) and map
 * the same event shapes (`payment-notification.mapper.ts`); PayFiP's notification carries only
 * an `idop`, whose outcome the adapter asks PayFiP for (`payfip/`). All produce one kind of
 * notification for the command flow.
 */

export type PaymentProviderName = 'stripe' | 'simulated' | 'payfip';

export interface CheckoutLine {
  readonly label: string;
  readonly amountCents: number;
}

export interface CheckoutInput {
  readonly orderId: string;
  readonly paymentId: string;
  readonly familyId: string;
  /** What the parent pays: the order's `amountDue` (after credit). */
  readonly amountCents: number;
  readonly currency: 'eur';
  /** The order's lines. When they add up to more than `amountCents` (a credit was applied) or
   * exceed Stripe's 100 items, the adapter sends one summary line instead. */
  readonly lines: readonly CheckoutLine[];
  /** End of the order's hold (R6). */
  readonly expiresAt: Date;
  readonly successUrl: string;
  readonly cancelUrl: string;
  /** Same key → same session (safe to retry the click). Derive it from the order and payment. */
  readonly idempotencyKey: string;
  /** The family's e-mail address, for providers that require the payer's (PayFiP's `mel`). */
  readonly payerEmail?: string;
}

export interface CheckoutSession {
  readonly sessionId: string;
  readonly checkoutUrl: string;
  /** When the provider will stop accepting payment for this session (may differ from the
   * hold's end: Stripe requires 30 min to 24 h from now). */
  readonly expiresAt: Date;
}

/** The Periscol identifiers every notification of ours carries (Checkout Session metadata). */
export interface PaymentReference {
  readonly provider: PaymentProviderName;
  /** The provider's event id (`evt_…`): lets the caller log or deduplicate deliveries. */
  readonly eventId: string;
  readonly sessionId: string;
  readonly orderId: string;
  readonly paymentId: string;
  readonly familyId: string;
}

export interface PaidNotification extends PaymentReference {
  readonly kind: 'paid';
  /** Stable per payment (the PaymentIntent id): the same payment reported twice has the same
   * value, which is what the domain deduplicates on (R7). */
  readonly providerPaymentId: string;
  readonly amountCents: number;
  readonly currency: 'eur';
  readonly paidAt: Date;
  /** How it was paid, when the provider says so: PayFiP's `resultrans` P (card) or V (direct debit). */
  readonly method?: 'card' | 'direct_debit';
}

export interface FailedNotification extends PaymentReference {
  readonly kind: 'failed';
  /** `expired`: the checkout session closed unpaid; `payment_failed`: a delayed payment method
   * (e.g. SEPA debit) was refused after the session completed. */
  readonly reason: 'expired' | 'payment_failed';
  readonly failedAt: Date;
}

export interface IgnoredNotification {
  readonly kind: 'ignored';
  readonly eventType: string;
  readonly eventId: string;
  /** Why a recognised event type is ignored (e.g. `awaiting_async_payment`, `not_periscol`). */
  readonly reason?: string;
}

export type PaymentNotification = PaidNotification | FailedNotification | IgnoredNotification;

/** Request headers as node/express give them (lower-case names). */
export type WebhookHeaders = Readonly<Record<string, string | readonly string[] | undefined>>;

export interface PaymentProvider {
  readonly name: PaymentProviderName;
  createCheckout(input: CheckoutInput): Promise<CheckoutSession>;
  /**
   * Verifies a webhook delivery and maps it. Stripe and the simulated site: pure (the signature
   * over the body; no I/O, no state, the clock is injected; the same body may be parsed any
   * number of times). PayFiP: asynchronous, as its notification carries only an `idop` whose
   * outcome the adapter asks PayFiP for (which is what makes it trustworthy).
   * @throws InvalidSignatureError (HTTP 400 INVALID_SIGNATURE) on a missing, forged or too-old
   *   signature; InvalidNotificationError (HTTP 400 INVALID_NOTIFICATION) when a signed event of
   *   ours is malformed, or an idop is not ours; PaymentProviderUnavailableError (HTTP 502) when
   *   the outcome could not be asked.
   */
  parseWebhook(rawBody: Buffer, headers: WebhookHeaders): PaymentNotification | Promise<PaymentNotification>;
}
