import type Stripe from 'stripe';
import { InvalidNotificationError } from './payment.errors';
import type { PaymentNotification, PaymentProviderName, PaymentReference } from './payment-provider.port';

/** The Checkout Session events we act on; every other event type is `ignored`. */
export const HANDLED_EVENT_TYPES = [
  'checkout.session.completed',
  'checkout.session.async_payment_succeeded',
  'checkout.session.async_payment_failed',
  'checkout.session.expired',
] as const;

/**
 * Maps a verified Stripe-shaped event to a notification. Pure. Both providers emit these shapes
 * (the simulated one builds a `checkout.session.completed` event), so one mapping serves both.
 */
export function notificationFromEvent(event: Stripe.Event, provider: PaymentProviderName): PaymentNotification {
  assertEventShape(event);
  const at = new Date(event.created * 1000);
  switch (event.type) {
    case 'checkout.session.completed': {
      const session = event.data.object;
      const ref = referenceOf(event, session, provider);
      if (ref === undefined) return ignored(event, 'not_periscol');
      // `unpaid` here means a delayed method (SEPA…): the outcome comes with async_payment_*.
      if (session.payment_status !== 'paid') return ignored(event, `payment_status_${session.payment_status}`);
      return paid(ref, session, at);
    }
    case 'checkout.session.async_payment_succeeded': {
      const session = event.data.object;
      const ref = referenceOf(event, session, provider);
      if (ref === undefined) return ignored(event, 'not_periscol');
      return paid(ref, session, at);
    }
    case 'checkout.session.async_payment_failed':
    case 'checkout.session.expired': {
      const session = event.data.object;
      const ref = referenceOf(event, session, provider);
      if (ref === undefined) return ignored(event, 'not_periscol');
      const reason = event.type === 'checkout.session.expired' ? 'expired' : 'payment_failed';
      return { kind: 'failed', ...ref, reason, failedAt: at };
    }
    default:
      return ignored(event);
  }
}

function assertEventShape(event: Stripe.Event): void {
  const candidate = event as unknown as { id?: unknown; type?: unknown; created?: unknown; data?: { object?: unknown } } | null;
  if (
    typeof candidate !== 'object' ||
    candidate === null ||
    typeof candidate.id !== 'string' ||
    typeof candidate.type !== 'string' ||
    typeof candidate.created !== 'number' ||
    typeof candidate.data?.object !== 'object' ||
    candidate.data.object === null
  ) {
    throw new InvalidNotificationError('signed payload is not an event (id, type, created, data.object)');
  }
}

function paid(ref: PaymentReference, session: Stripe.Checkout.Session, paidAt: Date): PaymentNotification {
  const amount = session.amount_total;
  if (typeof amount !== 'number' || !Number.isSafeInteger(amount) || amount < 0) {
    throw new InvalidNotificationError(`session ${session.id} has no valid amount_total`);
  }
  if (session.currency !== 'eur') {
    throw new InvalidNotificationError(`session ${session.id} is in ${String(session.currency)}, not eur`);
  }
  const intent = session.payment_intent;
  const providerPaymentId = typeof intent === 'string' ? intent : (intent?.id ?? session.id);
  return { kind: 'paid', ...ref, providerPaymentId, amountCents: amount, currency: 'eur', paidAt };
}

function referenceOf(
  event: Stripe.Event,
  session: Stripe.Checkout.Session,
  provider: PaymentProviderName,
): PaymentReference | undefined {
  const metadata = session.metadata ?? {};
  const { orderId, paymentId, familyId } = metadata;
  if (orderId === undefined && paymentId === undefined && familyId === undefined) return undefined;
  if (!orderId || !paymentId || !familyId || typeof session.id !== 'string') {
    throw new InvalidNotificationError(`event ${event.id} lacks orderId, paymentId or familyId in its metadata`);
  }
  return { provider, eventId: event.id, sessionId: session.id, orderId, paymentId, familyId };
}

function ignored(event: Stripe.Event, reason?: string): PaymentNotification {
  return reason === undefined
    ? { kind: 'ignored', eventType: event.type, eventId: event.id }
    : { kind: 'ignored', eventType: event.type, eventId: event.id, reason };
}
