/** A message refused by the outbox before anything was stored (zod issues in `details`). */
export class InvalidMailError extends Error {
  readonly code = 'INVALID_MAIL';
  readonly httpStatus = 400;

  constructor(
    message: string,
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
    this.name = 'InvalidMailError';
  }
}
