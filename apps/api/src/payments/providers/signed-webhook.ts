import Stripe from 'stripe';
import { InvalidNotificationError, InvalidSignatureError } from './payment.errors';
import type { WebhookHeaders } from './payment-provider.port';

/** Stripe's default: a delivery signed more than 5 minutes ago is refused (replay protection). */
export const DEFAULT_TOLERANCE_SECONDS = 300;

/**
 * The one verification path of both providers: Stripe's `t=<unix>,v1=<hex HMAC-SHA256 of
 * "<t>.<body>">` header, checked by the SDK's own `constructEvent`. The SDK's webhook helpers are
 * static and never touch the network, so the simulated provider needs no Stripe account.
 */
export function verifySignedEvent(
  rawBody: Buffer,
  signatureHeader: string | readonly string[] | undefined,
  secret: string,
  options: { readonly now: Date; readonly toleranceSeconds?: number },
): Stripe.Event {
  if (typeof signatureHeader !== 'string' || signatureHeader === '') {
    throw new InvalidSignatureError('missing or repeated signature header');
  }
  if (!Buffer.isBuffer(rawBody) || rawBody.length === 0) {
    throw new InvalidSignatureError('the raw request body is required to verify the signature');
  }
  try {
    return Stripe.webhooks.constructEvent(
      rawBody,
      signatureHeader,
      secret,
      options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS,
      undefined,
      options.now.getTime(),
    );
  } catch (error) {
    if (error instanceof Stripe.errors.StripeSignatureVerificationError) {
      throw new InvalidSignatureError(firstLine(error.message), [], { cause: error });
    }
    // Correctly signed but not JSON: only someone holding the secret could send it.
    throw new InvalidNotificationError('signed payload is not a JSON event', [], { cause: error });
  }
}

/** Builds the header value for `payload`, signed at `timestamp` (seconds). */
export function signPayload(payload: string, secret: string, timestamp: Date): string {
  return Stripe.webhooks.generateTestHeaderString({
    payload,
    secret,
    timestamp: Math.floor(timestamp.getTime() / 1000),
  });
}

export function headerValue(headers: WebhookHeaders, name: string): string | readonly string[] | undefined {
  const lower = name.toLowerCase();
  for (const [key, value] of Object.entries(headers)) {
    if (key.toLowerCase() === lower) return value;
  }
  return undefined;
}

function firstLine(message: string): string {
  return message.split('\n', 1)[0].trim();
}
