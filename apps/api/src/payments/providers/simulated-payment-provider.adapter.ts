import { randomBytes } from 'node:crypto';
import { parseCheckoutInput } from './checkout-input.schema';
import { CheckoutSessionError } from './payment.errors';
import { notificationFromEvent } from './payment-notification.mapper';
import type { CheckoutInput, CheckoutSession, PaymentNotification, PaymentProvider, WebhookHeaders } from './payment-provider.port';
import { headerValue, signPayload, verifySignedEvent } from './signed-webhook';
import { renderSimulatedPaymentPage } from './simulated-payment.page';
import type { SimulatedSession, SimulatedSessionStore } from './simulated-session-store.port';

/** Header carrying the simulated provider's signature (same `t=…,v1=…` format as Stripe's). */
export const SIMULATED_SIGNATURE_HEADER = 'periscol-signature';

/** Delivers a signed notification to the webhook (the app points it at
 * `POST /api/payments/simulated/webhook`). Rejects if the webhook did not accept it. */
export type SimulatedNotify = (body: Buffer, headers: Readonly<Record<string, string>>) => Promise<void>;

export interface SimulatedPaymentProviderOptions {
  readonly store: SimulatedSessionStore;
  /** Per-installation signing secret (e.g. `SqliteSimulatedSessionStore.installationSecret()`). */
  readonly webhookSecret: string;
  /** Public base URL of this server, e.g. `http://localhost:3000`: checkout URLs are
   * `${publicUrl}/pay/<sessionId>`. */
  readonly publicUrl: string;
  readonly notify: SimulatedNotify;
  readonly clock?: () => Date;
  /** Random part of session and payment ids (tests may make it deterministic). */
  readonly newId?: () => string;
  readonly timeZone?: string;
  readonly toleranceSeconds?: number;
}

/**
 * The embedded payment site (the default provider). It keeps its sessions in a store of its
 * own, shows a French page with *Payer* / *Annuler*, and on *Payer* marks the session paid and
 * sends a Stripe-shaped `checkout.session.completed` event, signed like Stripe's, to the app's
 * webhook, which verifies it through the same path as Stripe's.
 */
export class SimulatedPaymentProvider implements PaymentProvider {
  readonly name = 'simulated' as const;
  private readonly clock: () => Date;
  private readonly newId: () => string;
  private readonly publicUrl: string;

  constructor(private readonly options: SimulatedPaymentProviderOptions) {
    this.clock = options.clock ?? (() => new Date());
    this.newId = options.newId ?? (() => randomBytes(16).toString('hex'));
    this.publicUrl = options.publicUrl.replace(/\/+$/, '');
  }

  /** R17: the family's sessions no longer name its children (their amounts stay). */
  redactFamily(familyId: string): number {
    return this.options.store.redactFamily(familyId);
  }

  async createCheckout(input: CheckoutInput): Promise<CheckoutSession> {
    parseCheckoutInput(input);
    const sessionId = `sim_cs_${this.newId()}`;
    // Stripe replaces this placeholder in the return URLs; so does the simulation.
    const withId = (url: string) => url.replaceAll('{CHECKOUT_SESSION_ID}', sessionId);
    const candidate: SimulatedSession = {
      sessionId,
      idempotencyKey: input.idempotencyKey,
      orderId: input.orderId,
      paymentId: input.paymentId,
      familyId: input.familyId,
      amountCents: input.amountCents,
      currency: 'eur',
      lines: input.lines.map(({ label, amountCents }) => ({ label, amountCents })),
      createdAt: this.clock(),
      expiresAt: input.expiresAt,
      successUrl: withId(input.successUrl),
      cancelUrl: withId(input.cancelUrl),
      status: 'open',
    };
    const stored = this.options.store.insertOrGet(candidate);
    if (
      stored.orderId !== input.orderId ||
      stored.paymentId !== input.paymentId ||
      stored.amountCents !== input.amountCents
    ) {
      throw new CheckoutSessionError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${input.idempotencyKey} belongs to another payment`);
    }
    return { sessionId: stored.sessionId, checkoutUrl: this.checkoutUrl(stored.sessionId), expiresAt: stored.expiresAt };
  }

  parseWebhook(rawBody: Buffer, headers: WebhookHeaders): PaymentNotification {
    const event = verifySignedEvent(rawBody, headerValue(headers, SIMULATED_SIGNATURE_HEADER), this.options.webhookSecret, {
      now: this.clock(),
      toleranceSeconds: this.options.toleranceSeconds,
    });
    return notificationFromEvent(event, 'simulated');
  }

  checkoutUrl(sessionId: string): string {
    return `${this.publicUrl}/pay/${encodeURIComponent(sessionId)}`;
  }

  /** @throws CheckoutSessionError CHECKOUT_SESSION_NOT_FOUND */
  session(sessionId: string): SimulatedSession {
    const session = this.options.store.findById(sessionId);
    if (session === undefined) throw new CheckoutSessionError('CHECKOUT_SESSION_NOT_FOUND', `no payment session ${sessionId}`);
    return session;
  }

  /** HTML of `GET /pay/<sessionId>`. @throws CheckoutSessionError CHECKOUT_SESSION_NOT_FOUND */
  renderPage(sessionId: string): string {
    return renderSimulatedPaymentPage(this.session(sessionId), { now: this.clock(), timeZone: this.options.timeZone });
  }

  /**
   * `POST /pay/<sessionId>/pay`: the payment succeeds. The session is marked paid first (the
   * money is taken), then the notification is sent. If sending fails, the error propagates and
   * paying again re-sends the same event (same event id and payment id), so the webhook, like
   * Stripe's retries, may receive one payment more than once: the domain applies it once (R7).
   * Returns where to send the parent next (the success URL).
   * @throws CheckoutSessionError CHECKOUT_SESSION_NOT_FOUND, CHECKOUT_SESSION_EXPIRED
   */
  async pay(sessionId: string): Promise<{ redirectUrl: string }> {
    const now = this.clock();
    let session = this.session(sessionId);
    if (session.status === 'open') {
      if (now.getTime() >= session.expiresAt.getTime()) {
        throw new CheckoutSessionError('CHECKOUT_SESSION_EXPIRED', `payment session ${sessionId} expired at ${session.expiresAt.toISOString()}`);
      }
      // Whole seconds, as Stripe's `created`, so the notification's paidAt equals the record.
      const paidAt = new Date(Math.floor(now.getTime() / 1000) * 1000);
      session = this.options.store.markPaid(sessionId, paidAt, `sim_pi_${this.newId()}`) ?? session;
    }
    const { body, headers } = this.signedNotification(session, now);
    await this.options.notify(body, headers);
    return { redirectUrl: session.successUrl };
  }

  /** `POST /pay/<sessionId>/cancel`: back to the order, unpaid. Like Stripe, the session stays
   * open until it expires, so the parent may come back and pay.
   * @throws CheckoutSessionError CHECKOUT_SESSION_NOT_FOUND */
  cancel(sessionId: string): { redirectUrl: string } {
    return { redirectUrl: this.session(sessionId).cancelUrl };
  }

  /** The signed `checkout.session.completed` event for a paid session. */
  signedNotification(session: SimulatedSession, signedAt: Date): { body: Buffer; headers: Record<string, string> } {
    if (session.status !== 'paid' || session.paidAt === undefined || session.providerPaymentId === undefined) {
      throw new Error(`session ${session.sessionId} is not paid`);
    }
    const metadata = { orderId: session.orderId, paymentId: session.paymentId, familyId: session.familyId };
    const payload = JSON.stringify({
      id: `evt_sim_${session.sessionId}_paid`,
      object: 'event',
      type: 'checkout.session.completed',
      created: Math.floor(session.paidAt.getTime() / 1000),
      livemode: false,
      data: {
        object: {
          id: session.sessionId,
          object: 'checkout.session',
          mode: 'payment',
          status: 'complete',
          payment_status: 'paid',
          amount_total: session.amountCents,
          currency: session.currency,
          client_reference_id: session.orderId,
          metadata,
          payment_intent: session.providerPaymentId,
        },
      },
    });
    return {
      body: Buffer.from(payload, 'utf8'),
      headers: {
        'content-type': 'application/json',
        [SIMULATED_SIGNATURE_HEADER]: signPayload(payload, this.options.webhookSecret, signedAt),
      },
    };
  }
}
