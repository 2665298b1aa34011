import { Either, isLeft } from 'fp-ts/Either';
import { ApiError } from './api-error';
import { ErrorCode } from './error-codes';
import { toDetails } from './error-response';

/**
 * A domain refusal as the decider returns it (`Either<Refusal, …>`). `code` must be listed in
 * `ERROR_CODES`: a domain code missing from the table fails to compile here.
 */
export interface Refusal<Code extends ErrorCode = ErrorCode> {
  readonly code: Code;
  readonly message: string;
  readonly details?: unknown;
}

export function refusalToError(refusal: Refusal): ApiError {
  return new ApiError(refusal.code, refusal.message, toDetails(refusal.details));
}

/** Ends the handler with the refusal's HTTP answer (status from `ERROR_CODES`). */
export function throwRefusal(refusal: Refusal): never {
  throw refusalToError(refusal);
}

/** `Right` → its value; `Left` → `throwRefusal`. The usual last line of a command handler. */
export function fromEither<A>(either: Either<Refusal, A>): A {
  if (isLeft(either)) throwRefusal(either.left);
  return either.right;
}
