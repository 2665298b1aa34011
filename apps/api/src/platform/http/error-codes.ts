/**
 * THE mapping from every error code the API can answer with to its HTTP status: domain refusal
 * codes (`@periscol/reservation-domain`), payment adapter codes, and the API's own. One place,
 * typed: `throwRefusal` only accepts codes listed here, so a domain code missing from this table
 * fails to compile where the handler throws it.
 *
 * `kind` decides what the idempotency layer does with the answer (R12): `not_found`, `conflict`,
 * `gone` and `rule` are outcomes of the request against the state and are stored and replayed;
 * `input` and `auth` never reached the domain (the client fixes the request and may reuse the
 * key); `transient` and `internal` may succeed on retry, so they are never stored.
 */
export type ErrorKind = 'input' | 'auth' | 'not_found' | 'conflict' | 'gone' | 'rule' | 'transient' | 'internal';

export interface ErrorCodeSpec {
  readonly status: number;
  readonly kind: ErrorKind;
}

export const ERROR_CODES = {
  // 400 — malformed input (zod issues in `details`); nothing reached the domain.
  VALIDATION_FAILED: { status: 400, kind: 'input' },
  MALFORMED_JSON: { status: 400, kind: 'input' },
  UNSUPPORTED_CONTENT_TYPE: { status: 400, kind: 'input' },
  BODY_TOO_LARGE: { status: 400, kind: 'input' },
  BODY_TOO_DEEP: { status: 400, kind: 'input' },
  BAD_REQUEST: { status: 400, kind: 'input' },
  IDEMPOTENCY_KEY_REQUIRED: { status: 400, kind: 'input' },
  IDEMPOTENCY_KEY_INVALID: { status: 400, kind: 'input' },
  INVALID_COMMAND: { status: 400, kind: 'input' },
  INVALID_WEEK: { status: 400, kind: 'input' },
  INVALID_DATE: { status: 400, kind: 'input' },
  INVALID_SIGNATURE: { status: 400, kind: 'input' },
  INVALID_NOTIFICATION: { status: 400, kind: 'input' },
  INVALID_CHECKOUT_INPUT: { status: 400, kind: 'input' },

  // 401 / 403
  UNAUTHENTICATED: { status: 401, kind: 'auth' },
  FORBIDDEN: { status: 403, kind: 'auth' },

  // 404 — unknown, or not yours (a parent never learns another family exists).
  NOT_FOUND: { status: 404, kind: 'not_found' },
  FAMILY_NOT_REGISTERED: { status: 404, kind: 'not_found' },
  UNKNOWN_ORDER: { status: 404, kind: 'not_found' },
  CHECKOUT_SESSION_NOT_FOUND: { status: 404, kind: 'not_found' },
  UNKNOWN_PAYMENT: { status: 404, kind: 'not_found' },
  UNKNOWN_CREDIT: { status: 404, kind: 'not_found' },
  UNKNOWN_REFUND_REQUEST: { status: 404, kind: 'not_found' },
  UNKNOWN_UNMATCHED_PAYMENT: { status: 404, kind: 'not_found' },
  // R21: a year with nothing to certify (no child under six with childcare paid) has no certificate.
  NO_TAX_CERTIFICATE: { status: 404, kind: 'not_found' },

  // 409 — conflict with the current state.
  SLOT_TAKEN: { status: 409, kind: 'conflict' },
  ID_CONFLICT: { status: 409, kind: 'conflict' },
  FAMILY_ALREADY_REGISTERED: { status: 409, kind: 'conflict' },
  CHILD_ALREADY_ENROLLED: { status: 409, kind: 'conflict' },
  // R7: an unmatched payment is attached to one family, once.
  UNMATCHED_PAYMENT_ALREADY_ATTACHED: { status: 409, kind: 'conflict' },
  // The idempotency layer's own answer: the key's first request stays the stored one.
  IDEMPOTENCY_KEY_REUSED: { status: 409, kind: 'input' },
  // Optimistic concurrency still failing after the command loop's retries.
  CONCURRENCY_CONFLICT: { status: 409, kind: 'transient' },

  // 410
  CHECKOUT_SESSION_EXPIRED: { status: 410, kind: 'gone' },

  // 422 — a business rule refused it; the code names the rule.
  DEADLINE_PASSED: { status: 422, kind: 'rule' },
  NOT_ENROLLED: { status: 422, kind: 'rule' },
  UNKNOWN_CHILD: { status: 422, kind: 'rule' },
  UNKNOWN_ACTIVITY: { status: 422, kind: 'rule' },
  NOT_SERVED: { status: 422, kind: 'rule' },
  OUTSIDE_SCHOOL_YEAR: { status: 422, kind: 'rule' },
  DAY_CLOSED: { status: 422, kind: 'rule' },
  DUPLICATE_SLOT: { status: 422, kind: 'rule' },
  EMPTY_REQUEST: { status: 422, kind: 'rule' },
  NOT_RESERVED: { status: 422, kind: 'rule' },
  SLOT_PENDING: { status: 422, kind: 'rule' },
  // docs/http.md: confirm/checkout answer 422 unless the order's action allows it.
  ORDER_NOT_PENDING: { status: 422, kind: 'rule' },
  AMOUNT_OUT_OF_BOUNDS: { status: 422, kind: 'rule' },
  ACTION_NOT_ALLOWED: { status: 422, kind: 'rule' },
  ORDER_NOT_EXPIRED: { status: 422, kind: 'rule' },
  AMOUNT_INVALID: { status: 422, kind: 'rule' },
  INSUFFICIENT_CREDIT: { status: 422, kind: 'rule' },
  NO_TARIFF: { status: 422, kind: 'rule' },
  PAYMENT_NOT_CONFIRMED: { status: 422, kind: 'rule' },
  PERSON_NOT_RECORDED: { status: 422, kind: 'rule' },
  // R17 erasure (POST /api/admin/families/:id/erase-personal-data), refused by the family
  // decider: a family leaving is settled first — orders paid or abandoned, credit refunded, no
  // reserved day still to come.
  ORDERS_PENDING: { status: 422, kind: 'rule' },
  CREDIT_BALANCE_NOT_ZERO: { status: 422, kind: 'rule' },
  RESERVATIONS_UPCOMING: { status: 422, kind: 'rule' },
  // The family's person stream was deleted (R17): no identity nor QF can be recorded any more.
  PERSONAL_DATA_ERASED: { status: 422, kind: 'rule' },
  // R3: a QF's attestation dated after now (the person stream keeps one current QF, not a schedule).
  EFFECTIVE_DATE_IN_FUTURE: { status: 400, kind: 'input' },
  // R18, the régie's journal: a day closes once it is over in the town's time zone, in order, once.
  REGIE_DAY_NOT_OVER: { status: 422, kind: 'rule' },
  REGIE_DAY_OUT_OF_ORDER: { status: 422, kind: 'rule' },
  REGIE_DAY_ALREADY_CLOSED: { status: 409, kind: 'conflict' },
  // A payment of the day still awaits its ticket number (R8, seconds away): retry with the same key.
  RECEIPTS_NOT_NUMBERED: { status: 409, kind: 'transient' },
  // R20, the pointage: a day not come yet cannot be pointed; a mark another agent changed since it was read is not overwritten.
  ATTENDANCE_DAY_IN_FUTURE: { status: 422, kind: 'rule' },
  ATTENDANCE_MARK_CHANGED: { status: 409, kind: 'conflict' },

  // R19, refund requests: decided once, and never by the person who asked.
  REFUND_REQUEST_NOT_PENDING: { status: 409, kind: 'conflict' },
  REFUND_SELF_VALIDATION: { status: 422, kind: 'rule' },

  // R18: the régie's arrêté (municipality file) does not accept this payment start: its provider, or an activity it does not collect.
  PAYMENT_METHOD_NOT_ACCEPTED: { status: 422, kind: 'rule' },
  REVENUE_TYPE_NOT_IN_REGIE: { status: 422, kind: 'rule' },

  // R21: a tax certificate speaks for a whole year, issued once it is over.
  TAX_YEAR_NOT_OVER: { status: 422, kind: 'rule' },

  // R22, absence with proof: the town's rule (activity, window after the cancellation deadline, proof type and size), decided once.
  ABSENCE_NOT_ALLOWED: { status: 422, kind: 'rule' },
  ABSENCE_BEFORE_DEADLINE: { status: 422, kind: 'rule' },
  ABSENCE_TOO_LATE: { status: 422, kind: 'rule' },
  ABSENCE_ALREADY_DECLARED: { status: 409, kind: 'conflict' },
  UNKNOWN_ABSENCE: { status: 404, kind: 'not_found' },
  ABSENCE_ALREADY_DECIDED: { status: 409, kind: 'conflict' },
  PROOF_TYPE_NOT_ACCEPTED: { status: 422, kind: 'rule' },
  PROOF_TOO_LARGE: { status: 422, kind: 'rule' },
  // The proof file is gone (erased with the family's personal data, R17) or was never stored.
  PROOF_NOT_FOUND: { status: 404, kind: 'not_found' },
  // R23: every place of the day is taken (by other families, possibly a moment before).
  DAY_FULL: { status: 409, kind: 'conflict' },
  // R23: the waiting list — a place is free (book the day), or the child does not wait.
  PLACE_LEFT: { status: 409, kind: 'conflict' },
  NOT_WAITING: { status: 404, kind: 'not_found' },

  // 429 — the client's budget for this kind of request is spent (`Retry-After` says when to come back).
  RATE_LIMITED: { status: 429, kind: 'transient' },

  // 5xx — never for bad input.
  INTERNAL: { status: 500, kind: 'internal' },
  PAYMENT_PROVIDER_UNAVAILABLE: { status: 502, kind: 'transient' },
  SERVICE_UNAVAILABLE: { status: 503, kind: 'transient' },
} as const satisfies Record<string, ErrorCodeSpec>;

export type ErrorCode = keyof typeof ERROR_CODES;

export function isErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && Object.prototype.hasOwnProperty.call(ERROR_CODES, code);
}

/** Code used when a framework exception only carries a status. */
export function codeForStatus(status: number): ErrorCode {
  switch (status) {
    case 400:
      return 'BAD_REQUEST';
    case 401:
      return 'UNAUTHENTICATED';
    case 403:
      return 'FORBIDDEN';
    case 404:
      return 'NOT_FOUND';
    case 413:
      return 'BODY_TOO_LARGE';
    case 415:
      return 'UNSUPPORTED_CONTENT_TYPE';
    case 429:
      return 'RATE_LIMITED';
    case 503:
      return 'SERVICE_UNAVAILABLE';
    default:
      return status >= 400 && status < 500 ? 'BAD_REQUEST' : 'INTERNAL';
  }
}
