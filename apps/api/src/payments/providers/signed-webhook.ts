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
  const toleranceSeconds = options.toleranceSeconds ?? DEFAULT_TOLERANCE_SECONDS;
  let event: Stripe.Event;
  try {
    event = Stripe.webhooks.constructEvent(
      rawBody,
      signatureHeader,
      secret,
      toleranceSeconds,
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
  // The SDK only refuses a signature too old: one dated in the future would outlive the replay window.
  const latest = Math.max(...signedTimestamps(signatureHeader));
  if (latest * 1000 - options.now.getTime() > toleranceSeconds * 1000) {
    throw new InvalidSignatureError('Timestamp is too far in the future');
  }
  return event;
}

/** Every `t=<unix seconds>` of a signature header (the SDK accepted it, so there is at least one). */
function signedTimestamps(header: string): number[] {
  return header
    .split(',')
    .map((part) => /^\s*t=(\d+)\s*$/.exec(part)?.[1])
    .filter((value): value is string => value !== undefined)
    .map(Number);
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
