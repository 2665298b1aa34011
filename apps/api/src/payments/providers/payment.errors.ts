/** Errors of the payment adapters. Each has a stable `code` and the HTTP status it maps to. */
export abstract class PaymentError extends Error {
  abstract readonly code: string;
  abstract readonly httpStatus: number;
  readonly details: readonly unknown[];

  constructor(message: string, details: readonly unknown[] = [], options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
    this.details = details;
  }
}

/** Missing, forged or too-old webhook signature. Nothing was read from the body. */
export class InvalidSignatureError extends PaymentError {
  readonly code = 'INVALID_SIGNATURE';
  readonly httpStatus = 400;
}

/** A correctly signed event of ours that does not carry what it must (metadata, amount…). */
export class InvalidNotificationError extends PaymentError {
  readonly code = 'INVALID_NOTIFICATION';
  readonly httpStatus = 400;
}

/** Checkout input refused before anything was sent (zod issues in `details`). */
export class InvalidCheckoutInputError extends PaymentError {
  readonly code = 'INVALID_CHECKOUT_INPUT';
  readonly httpStatus = 400;
}

/** The payment site could not be reached or refused the request; nothing was created. */
export class PaymentProviderUnavailableError extends PaymentError {
  readonly code = 'PAYMENT_PROVIDER_UNAVAILABLE';
  readonly httpStatus = 502;
}

export type CheckoutSessionErrorCode =
  | 'CHECKOUT_SESSION_NOT_FOUND'
  | 'CHECKOUT_SESSION_EXPIRED'
  | 'IDEMPOTENCY_KEY_REUSED';

const sessionErrorStatus: Record<CheckoutSessionErrorCode, number> = {
  CHECKOUT_SESSION_NOT_FOUND: 404,
  CHECKOUT_SESSION_EXPIRED: 410,
  IDEMPOTENCY_KEY_REUSED: 409,
};

/** Simulated provider: the session cannot be shown, paid or created as asked. */
export class CheckoutSessionError extends PaymentError {
  readonly httpStatus: number;

  constructor(
    readonly code: CheckoutSessionErrorCode,
    message: string,
  ) {
    super(message);
    this.httpStatus = sessionErrorStatus[code];
  }
}
