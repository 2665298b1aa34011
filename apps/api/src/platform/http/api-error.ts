import { ERROR_CODES, ErrorCode } from './error-codes';

/** The contract's error body: `{ error: { code, message, details } }`. */
export interface ErrorBody {
  readonly error: {
    readonly code: string;
    readonly message: string;
    readonly details: readonly unknown[];
  };
}

/**
 * An error the API answers on purpose. Its HTTP status comes from the one table
 * (`ERROR_CODES`); throw it from guards, pipes, interceptors and handlers alike.
 */
export class ApiError extends Error {
  readonly status: number;

  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: readonly unknown[] = [],
  ) {
    super(message);
    this.name = 'ApiError';
    this.status = ERROR_CODES[code].status;
  }

  toBody(): ErrorBody {
    return { error: { code: this.code, message: this.message, details: this.details } };
  }
}

/** Shorthand for the one 404 every "unknown or not yours" case answers. */
export function notFound(message = 'Not found'): ApiError {
  return new ApiError('NOT_FOUND', message);
}
