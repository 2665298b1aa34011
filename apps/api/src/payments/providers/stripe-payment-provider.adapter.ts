import Stripe from 'stripe';
import { parseCheckoutInput } from './checkout-input.schema';
import { formatEuros } from '@periscol/reservation-domain';
import { CheckoutSessionError, PaymentProviderUnavailableError } from './payment.errors';
import { notificationFromEvent } from './payment-notification.mapper';
import type {
  CheckoutInput,
  CheckoutLine,
  CheckoutSession,
  PaymentNotification,
  PaymentProvider,
  WebhookHeaders,
} from './payment-provider.port';
import { headerValue, verifySignedEvent } from './signed-webhook';

/** Stripe accepts `expires_at` from 30 minutes to 24 hours after the session's creation. */
const STRIPE_MIN_EXPIRY_MS = 30 * 60_000;
const STRIPE_MAX_EXPIRY_MS = 24 * 60 * 60_000;
/** Margin for the clock difference between us and Stripe and the request's own latency. */
const EXPIRY_MARGIN_MS = 60_000;
/** Stripe's cap on line items per Checkout Session. */
const STRIPE_MAX_LINE_ITEMS = 100;

export interface StripeClientOptions {
  /** Tests point the SDK at a local server: `{ host: '127.0.0.1', port, protocol: 'http' }`. */
  readonly host?: string;
  readonly port?: number;
  readonly protocol?: 'http' | 'https';
  /** SDK retries on network errors (safe: every create carries an idempotency key). */
  readonly maxNetworkRetries?: number;
  readonly timeoutMs?: number;
}

export function createStripeClient(secretKey: string, options: StripeClientOptions = {}): Stripe {
  return new Stripe(secretKey, {
    maxNetworkRetries: options.maxNetworkRetries ?? 2,
    timeout: options.timeoutMs ?? 20_000,
    ...(options.host === undefined ? {} : { host: options.host }),
    ...(options.port === undefined ? {} : { port: options.port }),
    ...(options.protocol === undefined ? {} : { protocol: options.protocol }),
  });
}

export interface StripePaymentProviderOptions {
  readonly stripe: Stripe;
  /** `STRIPE_WEBHOOK_SECRET` (`whsec_…`). */
  readonly webhookSecret: string;
  readonly clock?: () => Date;
  readonly toleranceSeconds?: number;
}

/**
 * Stripe Checkout (hosted page). `createCheckout` opens a Checkout Session in EUR carrying the
 * order's ids in its metadata; `parseWebhook` verifies `Stripe-Signature` and maps the
 * `checkout.session.*` events.
 *
 * Expiry: Stripe requires `expires_at` between 30 min and 24 h from now, so the hold's end is
 * clamped into that window. When less than 30 min of the hold is left, the session outlives
 * the hold: a payment after the hold is a late payment, which R7 handles (confirmed if every
 * slot is still bookable, otherwise credited in full).
 */
export class StripePaymentProvider implements PaymentProvider {
  readonly name = 'stripe' as const;
  private readonly clock: () => Date;

  constructor(private readonly options: StripePaymentProviderOptions) {
    this.clock = options.clock ?? (() => new Date());
  }

  async createCheckout(input: CheckoutInput): Promise<CheckoutSession> {
    parseCheckoutInput(input);
    const expiresAt = clampStripeExpiry(input.expiresAt, this.clock());
    const metadata = { orderId: input.orderId, paymentId: input.paymentId, familyId: input.familyId };
    const params: Stripe.Checkout.SessionCreateParams = {
      mode: 'payment',
      currency: 'eur',
      locale: 'fr',
      line_items: checkoutLines(input).map((line) => ({
        quantity: 1,
        price_data: { currency: 'eur', unit_amount: line.amountCents, product_data: { name: line.label } },
      })),
      client_reference_id: input.orderId,
      metadata,
      payment_intent_data: { metadata },
      expires_at: Math.floor(expiresAt.getTime() / 1000),
      success_url: input.successUrl,
      cancel_url: input.cancelUrl,
    };
    let session: Stripe.Checkout.Session;
    try {
      session = await this.options.stripe.checkout.sessions.create(params, { idempotencyKey: input.idempotencyKey });
    } catch (error) {
      if (error instanceof Stripe.errors.StripeIdempotencyError) {
        throw new CheckoutSessionError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${input.idempotencyKey} was used with other parameters`);
      }
      const message = error instanceof Error ? error.message : String(error);
      throw new PaymentProviderUnavailableError(`Stripe refused or did not answer: ${message}`, [], { cause: error });
    }
    if (!session.url) throw new PaymentProviderUnavailableError(`Stripe returned session ${session.id} without a URL`);
    return { sessionId: session.id, checkoutUrl: session.url, expiresAt: new Date(session.expires_at * 1000) };
  }

  parseWebhook(rawBody: Buffer, headers: WebhookHeaders): PaymentNotification {
    const event = verifySignedEvent(rawBody, headerValue(headers, 'stripe-signature'), this.options.webhookSecret, {
      now: this.clock(),
      toleranceSeconds: this.options.toleranceSeconds,
    });
    return notificationFromEvent(event, 'stripe');
  }
}

/** The hold's end, moved into Stripe's accepted window [now + 30 min, now + 24 h] (with margin). */
export function clampStripeExpiry(holdEndsAt: Date, now: Date): Date {
  const min = now.getTime() + STRIPE_MIN_EXPIRY_MS + EXPIRY_MARGIN_MS;
  const max = now.getTime() + STRIPE_MAX_EXPIRY_MS - EXPIRY_MARGIN_MS;
  const clamped = Math.min(Math.max(holdEndsAt.getTime(), min), max);
  return new Date(Math.ceil(clamped / 1000) * 1000);
}

/**
 * Stripe line items cannot be negative, so when a credit (avoir) lowers the amount due, or the
 * order has more lines than Stripe accepts, one summary line replaces them.
 */
export function checkoutLines(input: CheckoutInput): readonly CheckoutLine[] {
  const total = input.lines.reduce((sum, line) => sum + line.amountCents, 0);
  if (total === input.amountCents && input.lines.length <= STRIPE_MAX_LINE_ITEMS) return input.lines;
  const credit = total - input.amountCents;
  const count = input.lines.length;
  const label =
    `Réservations périscolaires (${count} ${count > 1 ? 'prestations' : 'prestation'})` +
    (credit > 0 ? ` : ${formatEuros(total)}, avoir déduit ${formatEuros(credit)}` : '');
  return [{ label, amountCents: input.amountCents }];
}
