/**
 * Thrown by the pure helpers when a caller passes a value that cannot be a valid input (a malformed
 * date, a fractional amount…). Business refusals are `Either` values; this is a programming error
 * at the edge, so it carries a stable `code` for the HTTP mapping and a readable message.
 */
export type InvalidArgumentCode =
  | 'INVALID_DATE'
  | 'INVALID_INSTANT'
  | 'INVALID_WEEK'
  | 'INVALID_AMOUNT'
  | 'INVALID_DOCUMENT_NUMBER'
  | 'INVALID_PAYER'
  | 'INVALID_CLOSURE'
  | 'UNKNOWN_ACTIVITY';

export class InvalidArgumentError extends Error {
  override readonly name = 'InvalidArgumentError';

  constructor(
    readonly code: InvalidArgumentCode,
    message: string,
  ) {
    super(message);
  }
}
